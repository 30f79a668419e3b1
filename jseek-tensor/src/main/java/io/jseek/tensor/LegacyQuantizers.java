package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * F32 → Q8_0/Q4_0/Q4_1/Q5_0/Q5_1, byte-for-byte ggml's {@code quantize_row_*_ref} (what {@code ggml_quantize_chunk}
 * does without an importance matrix): the same float operations in the same order, C truncating casts, f16 scales.
 * The golden test checks the bytes against llama.cpp.
 */
final class LegacyQuantizers {
    static final int QK = 32;

    private LegacyQuantizers() {
    }

    /** C {@code roundf}: halves away from zero (computed in double so that {@code v + 0.5} cannot round up). */
    static int roundAway(float v) {
        return (int) Math.copySign(Math.floor(Math.abs((double) v) + 0.5), v);
    }

    /** The element of largest magnitude, with its sign (first one on ties). */
    private static float signedAbsMax(float[] x, int xb) {
        float amax = 0f;
        float max = 0f;
        for (int j = 0; j < QK; j++) {
            float v = x[xb + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        return max;
    }

    private static float min(float[] x, int xb) {
        float min = Float.MAX_VALUE;
        for (int j = 0; j < QK; j++) {
            min = x[xb + j] < min ? x[xb + j] : min;
        }
        return min;
    }

    private static float max(float[] x, int xb) {
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < QK; j++) {
            max = x[xb + j] > max ? x[xb + j] : max;
        }
        return max;
    }

    /** Stores the block scale {@code d} as f16 at {@code o}; the inverse to quantize with (0 for an all-zero block). */
    private static float putScale(MemorySegment dst, long o, float d) {
        Mem.putF16(dst, o, d);
        return d != 0f ? 1f / d : 0f;
    }

    /** As {@link #putScale}, then the block minimum as f16 after it (Q4_1, Q5_1). */
    private static float putScaleAndMin(MemorySegment dst, long o, float d, float min) {
        Mem.putF16(dst, o + 2, min);
        return putScale(dst, o, d);
    }

    static void q8_0(float[] x, int xb, MemorySegment dst, long o) {
        float amax = 0f;
        for (int j = 0; j < QK; j++) {
            amax = Math.max(amax, Math.abs(x[xb + j]));
        }
        float id = putScale(dst, o, amax / 127f);
        for (int j = 0; j < QK; j++) {
            Mem.putU8(dst, o + 2 + j, roundAway(x[xb + j] * id));
        }
    }

    static void q4_0(float[] x, int xb, MemorySegment dst, long o) {
        float id = putScale(dst, o, signedAbsMax(x, xb) / -8f);
        for (int j = 0; j < 16; j++) {
            int xi0 = Math.min(15, (int) (x[xb + j] * id + 8.5f));
            int xi1 = Math.min(15, (int) (x[xb + 16 + j] * id + 8.5f));
            Mem.putU8(dst, o + 2 + j, xi0 | xi1 << 4);
        }
    }

    static void q4_1(float[] x, int xb, MemorySegment dst, long o) {
        float min = min(x, xb);
        float id = putScaleAndMin(dst, o, (max(x, xb) - min) / 15f, min);
        for (int j = 0; j < 16; j++) {
            int xi0 = Math.min(15, (int) ((x[xb + j] - min) * id + 0.5f));
            int xi1 = Math.min(15, (int) ((x[xb + 16 + j] - min) * id + 0.5f));
            Mem.putU8(dst, o + 4 + j, xi0 | xi1 << 4);
        }
    }

    static void q5_0(float[] x, int xb, MemorySegment dst, long o) {
        float id = putScale(dst, o, signedAbsMax(x, xb) / -16f);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int xi0 = Math.min(31, (int) (x[xb + j] * id + 16.5f));
            int xi1 = Math.min(31, (int) (x[xb + 16 + j] * id + 16.5f));
            Mem.putU8(dst, o + 6 + j, (xi0 & 0xF) | (xi1 & 0xF) << 4);
            qh |= ((xi0 & 0x10) >>> 4) << j | ((xi1 & 0x10) >>> 4) << (j + 16);
        }
        Mem.putI32(dst, o + 2, qh);
    }

    /** ggml does not clamp here: {@code (x-min)*id + 0.5} stays below 32 for finite input. */
    static void q5_1(float[] x, int xb, MemorySegment dst, long o) {
        float min = min(x, xb);
        float id = putScaleAndMin(dst, o, (max(x, xb) - min) / 31f, min);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int xi0 = (int) ((x[xb + j] - min) * id + 0.5f);
            int xi1 = (int) ((x[xb + 16 + j] - min) * id + 0.5f);
            Mem.putU8(dst, o + 8 + j, (xi0 & 0xF) | (xi1 & 0xF) << 4);
            qh |= ((xi0 & 0x10) >>> 4) << j | ((xi1 & 0x10) >>> 4) << (j + 16);
        }
        Mem.putI32(dst, o + 4, qh);
    }
}
