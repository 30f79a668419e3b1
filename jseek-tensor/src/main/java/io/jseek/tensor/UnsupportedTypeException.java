package io.jseek.tensor;

/** Thrown when a tensor of a {@link GgmlType} without kernels (e.g. the IQ types) is to be computed with. */
public final class UnsupportedTypeException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    UnsupportedTypeException(GgmlType type) {
        super("ggml type " + type + " (id " + type.id() + ") has no jseek kernels; requantize the model to one of "
                + "F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K");
    }
}
