package io.jseek.tensor;

/** The attention softmax at one width (a {@link Specializer} copy of {@link F32SoftmaxKernel}). */
interface SoftmaxKernel {
    /** Softmax in place over {@code x[offset .. offset + n)}, as {@link AttentionKernel#softmax} defines it. */
    void apply(float[] x, int offset, int n);
}
