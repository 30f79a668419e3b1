package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * F32 → ggml type conversion, for writing GGUF files and building test tensors.
 *
 * <p>Every supported type is byte-for-byte llama.cpp's reference quantizer, what {@code ggml_quantize_chunk} writes
 * without an importance matrix (checked by the golden test). Other types throw {@link UnsupportedTypeException}.
 */
public final class Quantizers {
    private Quantizers() {
    }

    /** Whether {@link #quantize} supports {@code type}. */
    public static boolean canQuantize(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K -> true;
            default -> false;
        };
    }

    /** Quantizes {@code x[offset .. offset + n)} (a whole number of blocks) into {@code dst} at {@code dstOffset}. */
    public static void quantize(GgmlType type, float[] x, int offset, int n, MemorySegment dst, long dstOffset) {
        if (!canQuantize(type)) {
            throw new UnsupportedTypeException(type);
        }
        long bytes = type.byteSize(n);
        if (dst.byteSize() - dstOffset < bytes) {
            throw new IllegalArgumentException("destination too small: " + type + " x " + n + " needs " + bytes);
        }
        int qk = type.blockSize();
        for (int b = 0; b < n / qk; b++) {
            quantizeBlock(type, x, offset + b * qk, dst, dstOffset + (long) b * type.typeSize());
        }
    }

    /** Convenience: the quantized bytes of all of {@code x}. */
    public static byte[] quantize(GgmlType type, float[] x) {
        byte[] out = new byte[Math.toIntExact(type.byteSize(x.length))];
        quantize(type, x, 0, x.length, MemorySegment.ofArray(out), 0);
        return out;
    }

    private static void quantizeBlock(GgmlType type, float[] x, int xb, MemorySegment dst, long o) {
        switch (type) {
            case F32 -> dst.set(Mem.FLOAT_LE, o, x[xb]);
            case F16 -> Mem.putF16(dst, o, x[xb]);
            case BF16 -> dst.set(Mem.SHORT_LE, o, toBf16(x[xb]));
            case Q8_0 -> LegacyQuantizers.q8_0(x, xb, dst, o);
            case Q4_0 -> LegacyQuantizers.q4_0(x, xb, dst, o);
            case Q4_1 -> LegacyQuantizers.q4_1(x, xb, dst, o);
            case Q5_0 -> LegacyQuantizers.q5_0(x, xb, dst, o);
            case Q5_1 -> LegacyQuantizers.q5_1(x, xb, dst, o);
            case Q4_K -> KQuantizers.q4_K(x, xb, dst, o);
            case Q5_K -> KQuantizers.q5_K(x, xb, dst, o);
            case Q6_K -> KQuantizers.q6_K(x, xb, dst, o);
            default -> throw new UnsupportedTypeException(type);
        }
    }

    /** ggml's {@code GGML_FP32_TO_BF16}: round to nearest even; NaNs stay quiet NaNs. */
    static short toBf16(float f) {
        int u = Float.floatToRawIntBits(f);
        if ((u & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7FFF + ((u >>> 16) & 1))) >>> 16);
    }
}
