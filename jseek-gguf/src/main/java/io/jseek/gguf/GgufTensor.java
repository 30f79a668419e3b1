package io.jseek.gguf;

import io.jseek.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of a GGUF file: its name, type, shape ({@code shape[0]} is the row length, as ggml's {@code ne})
 * and its bytes, a slice of the memory-mapped file.
 */
public record GgufTensor(String name, GgmlType type, long[] shape, long offset, MemorySegment data) {

    public GgufTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code i}; dimensions past the stored ones are 1. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensor t && t.name.equals(name) && t.type == type
                && Arrays.equals(t.shape, shape) && t.offset == offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
