package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Simple F32 → Q4_K and Q6_K quantizers. They write valid blocks with ggml's layout and a plain choice of scales
 * (sub-block min/max for Q4_K, signed abs-max for Q6_K; scales then quantized to 6/8 bits) instead of ggml's
 * iterative {@code make_qkx2_quants}/{@code make_qx_quants} search, so their bytes differ from llama.cpp's and their
 * error is somewhat larger; enough for writing test models. Elements are requantized with the stored (rounded)
 * scales so that the rounding of the scales does not add to the error.
 */
final class KQuantizers {
    static final int QK = 256;

    private KQuantizers() {
    }

    static void q4_K(float[] x, int xb, MemorySegment dst, long o) {
        float[] scales = new float[8];
        float[] mins = new float[8];
        for (int j = 0; j < 8; j++) {
            float min = 0f;
            float max = 0f;
            for (int l = 0; l < 32; l++) {
                min = Math.min(min, x[xb + 32 * j + l]);
                max = Math.max(max, x[xb + 32 * j + l]);
            }
            scales[j] = (max - min) / 15f;
            mins[j] = -min;
        }
        float maxScale = max(scales);
        float maxMin = max(mins);
        float d = Mem.roundF16(maxScale / 63f);
        float dmin = Mem.roundF16(maxMin / 63f);
        Mem.putF16(dst, o, d);
        Mem.putF16(dst, o + 2, dmin);
        int[] ls = new int[8];
        int[] lm = new int[8];
        for (int j = 0; j < 8; j++) {
            ls[j] = d == 0f ? 0 : Math.min(63, Math.round(scales[j] / d));
            lm[j] = dmin == 0f ? 0 : Math.min(63, Math.round(mins[j] / dmin));
        }
        packScalesK4(ls, lm, dst, o + 4);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = level4(x[xb + 64 * c + l], d * ls[2 * c], dmin * lm[2 * c]);
                int hi = level4(x[xb + 64 * c + 32 + l], d * ls[2 * c + 1], dmin * lm[2 * c + 1]);
                Mem.putU8(dst, o + 16 + 32 * c + l, lo | hi << 4);
            }
        }
    }

    private static int level4(float v, float dl, float ml) {
        return dl == 0f ? 0 : Math.clamp(Math.round((v + ml) / dl), 0, 15);
    }

    /** The inverse of {@link KScales#scaleK4}/{@link KScales#minK4}. */
    static void packScalesK4(int[] ls, int[] lm, MemorySegment dst, long o) {
        for (int j = 0; j < 4; j++) {
            Mem.putU8(dst, o + j, ls[j] | (ls[j + 4] >>> 4) << 6);
            Mem.putU8(dst, o + j + 4, lm[j] | (lm[j + 4] >>> 4) << 6);
            Mem.putU8(dst, o + j + 8, (ls[j + 4] & 0xF) | (lm[j + 4] & 0xF) << 4);
        }
    }

    static void q6_K(float[] x, int xb, MemorySegment dst, long o) {
        float[] scales = new float[16];
        float maxScale = 0f;
        float amaxScale = 0f;
        for (int g = 0; g < 16; g++) {
            float amax = 0f;
            float max = 0f;
            for (int l = 0; l < 16; l++) {
                float v = x[xb + 16 * g + l];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            scales[g] = max / -32f;
            if (Math.abs(scales[g]) > amaxScale) {
                amaxScale = Math.abs(scales[g]);
                maxScale = scales[g];
            }
        }
        float d = maxScale == 0f ? 0f : Mem.roundF16(maxScale / -128f);
        Mem.putF16(dst, o + 208, d);
        int[] levels = new int[QK];
        for (int g = 0; g < 16; g++) {
            int ls = d == 0f ? 0 : Math.clamp(Math.round(scales[g] / d), -128, 127);
            Mem.putU8(dst, o + 192 + g, ls);
            float dl = d * ls;
            for (int l = 0; l < 16; l++) {
                int q = dl == 0f ? 0 : Math.clamp(Math.round(x[xb + 16 * g + l] / dl), -32, 31);
                levels[16 * g + l] = q + 32;
            }
        }
        packQ6(levels, dst, o);
    }

    private static void packQ6(int[] lv, MemorySegment dst, long o) {
        for (int half = 0; half < 2; half++) {
            int j = 128 * half;
            for (int l = 0; l < 32; l++) {
                int q1 = lv[j + l];
                int q2 = lv[j + l + 32];
                int q3 = lv[j + l + 64];
                int q4 = lv[j + l + 96];
                Mem.putU8(dst, o + 64 * half + l, (q1 & 0xF) | (q3 & 0xF) << 4);
                Mem.putU8(dst, o + 64 * half + l + 32, (q2 & 0xF) | (q4 & 0xF) << 4);
                Mem.putU8(dst, o + 128 + 32 * half + l, (q1 >>> 4) | (q2 >>> 4) << 2 | (q3 >>> 4) << 4 | (q4 >>> 4) << 6);
            }
        }
    }

    private static float max(float[] v) {
        float m = 0f;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }
}
