package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/** The entry point from raw bytes to a typed tensor view. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * A tensor of {@code elements} elements of {@code type} over {@code data} (no copy; the segment must hold at least
     * {@link GgmlType#byteSize(long)} bytes and stay alive while the tensor is used).
     *
     * @throws UnsupportedTypeException when jseek has no kernels for {@code type}
     * @throws IllegalArgumentException when {@code elements} is not a whole number of blocks or the segment is short
     */
    public static FloatTensor of(GgmlType type, MemorySegment data, long elements) {
        return switch (type) {
            case F32 -> new F32Tensor(data, elements);
            case F16 -> new F16Tensor(data, elements);
            case BF16 -> new BF16Tensor(data, elements);
            case Q8_0 -> new Q8_0Tensor(data, elements);
            case Q4_0 -> new Q4_0Tensor(data, elements);
            case Q4_1 -> new Q4_1Tensor(data, elements);
            case Q5_0 -> new Q5_0Tensor(data, elements);
            case Q5_1 -> new Q5_1Tensor(data, elements);
            case Q2_K -> new Q2KTensor(data, elements);
            case Q3_K -> new Q3KTensor(data, elements);
            case Q4_K -> new Q4KTensor(data, elements);
            case Q5_K -> new Q5KTensor(data, elements);
            case Q6_K -> new Q6KTensor(data, elements);
            default -> throw new UnsupportedTypeException(type);
        };
    }
}
