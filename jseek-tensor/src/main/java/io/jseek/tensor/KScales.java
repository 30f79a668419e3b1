package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Unpacking of the packed sub-block scales of the K-quants (ggml's {@code get_scale_min_k4} for Q4_K/Q5_K and the
 * 6-bit signed scales of Q3_K), written byte by byte after the spec's bit maps.
 */
final class KScales {
    private KScales() {
    }

    /** The 6-bit scale of sub-block {@code j} (0..7) from the 12 bytes at {@code scales}. */
    static int scaleK4(MemorySegment s, long scales, int j) {
        if (j < 4) {
            return Mem.u8(s, scales + j) & 63;
        }
        return (Mem.u8(s, scales + j + 4) & 0x0F) | ((Mem.u8(s, scales + j - 4) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7) from the 12 bytes at {@code scales}. */
    static int minK4(MemorySegment s, long scales, int j) {
        if (j < 4) {
            return Mem.u8(s, scales + j + 4) & 63;
        }
        return (Mem.u8(s, scales + j + 4) >>> 4) | ((Mem.u8(s, scales + j) >>> 6) << 4);
    }

    /** The signed scale of Q3_K sub-block {@code i} (0..15) from the 12 bytes at {@code scales}. */
    static int scaleQ3(MemorySegment s, long scales, int i) {
        int low4 = i < 8 ? Mem.u8(s, scales + i) & 0xF : Mem.u8(s, scales + i - 8) >>> 4;
        int high2 = (Mem.u8(s, scales + 8 + (i % 4)) >>> (2 * (i / 4))) & 3;
        return (low4 | high2 << 4) - 32;
    }
}
