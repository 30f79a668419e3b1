package io.jseek.model.ops;

import io.jseek.tensor.FloatTensor;

/** Element-wise functions and softmax, following ggml's CPU formulas (../shared/docs/deepseek-spec.md §1.6). */
public final class Activations {
    private Activations() {
    }

    /** {@code x / (1 + exp(-x))}. */
    public static float silu(float x) {
        return x / (1f + (float) Math.exp(-x));
    }

    /** SwiGLU in place: {@code gate[i] = silu(gate[i]) * up[i]} for {@code i < n}. */
    public static void swiglu(float[] gate, float[] up, int n) {
        swiglu(gate, up, 0, n);
    }

    /** SwiGLU in place over {@code [from, to)} (a chunk of a parallel loop). */
    public static void swiglu(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            gate[i] = silu(gate[i]) * up[i];
        }
    }

    /**
     * Softmax in place over {@code x[offset, offset + n)}: subtract the max, exp, sum in double, scale by 1/sum.
     */
    public static void softmax(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[offset + i] *= inv;
        }
    }

    /** {@code x[i] += y[i]} for {@code i < n}. */
    public static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    /** {@code x[offset + i] += b[i]} for a bias tensor {@code b} of {@code n} elements. */
    public static void addBias(float[] x, int offset, FloatTensor b, int n) {
        for (int i = 0; i < n; i++) {
            x[offset + i] += b.getFloat(i);
        }
    }
}
