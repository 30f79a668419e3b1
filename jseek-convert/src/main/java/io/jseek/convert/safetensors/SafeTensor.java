package io.jseek.convert.safetensors;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: its bytes are a slice of the file's mapping, row-major, little-endian, with
 * {@code shape} outermost first as PyTorch has it (the reverse of GGUF's order).
 *
 * @param file the file it lives in, for error messages
 */
public record SafeTensor(String name, Dtype dtype, long[] shape, MemorySegment data, Path file) {
    public SafeTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long elementCount() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** The length of one row: the innermost dimension (1 for a scalar). */
    public long rowLength() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && t.name.equals(name) && t.file.equals(file);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
