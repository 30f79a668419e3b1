package io.jseek.convert.safetensors;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a safetensors header may name (huggingface/safetensors {@code enum Dtype}), with their size.
 * Only the floating types a checkpoint's weights use can be decoded ({@link #decodable()}); the others are read, so
 * that a header naming them is valid, and refused by name when a tensor of that type must be converted.
 */
public enum Dtype {
    F64(64), F32(32), F16(16), BF16(16), F8_E4M3(8), F8_E5M2(8),
    I64(64), I32(32), I16(16), I8(8), U64(64), U32(32), U16(16), U8(8), BOOL(8);

    private final int bits;

    Dtype(int bits) {
        this.bits = bits;
    }

    /** Bytes per element. */
    public int bytes() {
        return bits / 8;
    }

    /** Whether {@link ElementDecoder} turns this type into floats. */
    public boolean decodable() {
        return this == F64 || this == F32 || this == F16 || this == BF16 || this == F8_E4M3;
    }

    /** The type a header string names, if it is one of these. */
    public static Optional<Dtype> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }
}
