package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * F32 → Q4_K/Q5_K/Q6_K, byte-for-byte ggml's {@code quantize_row_q{4,5,6}_K_ref} (what {@code ggml_quantize_chunk}
 * does without an importance matrix): the same scale searches ({@link KScaleSearch}), the same float operations in
 * the same order, C's wrapping and truncating conversions. The golden test checks the bytes against llama.cpp.
 */
final class KQuantizers {
    static final int QK = 256;
    private static final float GROUP_MAX_EPS = 1e-15f;

    private KQuantizers() {
    }

    static void q4_K(float[] x, int xb, MemorySegment dst, long o) {
        int[] levels = new int[QK];
        scaledMinBlock(x, xb, 15, -1f, 20, levels, dst, o);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                Mem.putU8(dst, o + 16 + 32 * c + l, levels[64 * c + l] | levels[64 * c + 32 + l] << 4);
            }
        }
    }

    static void q5_K(float[] x, int xb, MemorySegment dst, long o) {
        int[] levels = new int[QK];
        scaledMinBlock(x, xb, 31, -0.5f, 15, levels, dst, o);
        int[] qh = new int[32];
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = levels[64 * c + l];
                int hi = levels[64 * c + 32 + l];
                qh[l] |= (lo >>> 4) << (2 * c) | (hi >>> 4) << (2 * c + 1);
                Mem.putU8(dst, o + 48 + 32 * c + l, (lo & 0xF) | (hi & 0xF) << 4);
            }
        }
        for (int l = 0; l < 32; l++) {
            Mem.putU8(dst, o + 16 + l, qh[l]);
        }
    }

    /**
     * The common part of Q4_K and Q5_K: per 32-element sub-block a weighted scale-and-min search, the scales and mins
     * quantized to 6 bits against f16 super-scales, then every element re-quantized with the stored values. Writes
     * d, dmin and the 12 scale bytes; leaves the levels (0..nmax) in {@code levels}.
     */
    private static void scaledMinBlock(float[] x, int xb, int nmax, float rmin, int nstep, int[] levels,
            MemorySegment dst, long o) {
        float[] scales = new float[8];
        float[] mins = new float[8];
        float[] weights = new float[32];
        float[] min = new float[1];
        float maxScale = 0f;
        float maxMin = 0f;
        for (int j = 0; j < 8; j++) {
            int s = xb + 32 * j;
            float sumX2 = 0f;
            for (int l = 0; l < 32; l++) {
                sumX2 += x[s + l] * x[s + l];
            }
            float avX = (float) Math.sqrt(sumX2 / 32f);
            for (int l = 0; l < 32; l++) {
                weights[l] = avX + Math.abs(x[s + l]);
            }
            scales[j] = KScaleSearch.scaleMin(32, nmax, x, s, weights, levels, 32 * j, min, rmin, 0.1f, nstep);
            mins[j] = min[0];
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        int[] ls = new int[8];
        int[] lm = new int[8];
        for (int j = 0; j < 8; j++) {
            ls[j] = Math.min(63, KScaleSearch.nearestInt(invScale * scales[j]) & 0xFF);
            lm[j] = Math.min(63, KScaleSearch.nearestInt(invMin * mins[j]) & 0xFF);
        }
        packScalesK4(ls, lm, dst, o + 4);
        Mem.putF16(dst, o, maxScale / 63f);
        Mem.putF16(dst, o + 2, maxMin / 63f);
        float d = Mem.f16(dst, o);
        float dmin = Mem.f16(dst, o + 2);
        for (int j = 0; j < 8; j++) {
            float dj = d * ls[j];
            if (dj == 0f) {
                continue;
            }
            float mj = dmin * lm[j];
            for (int l = 0; l < 32; l++) {
                levels[32 * j + l] = Math.clamp(KScaleSearch.nearestInt((x[xb + 32 * j + l] + mj) / dj), 0, nmax);
            }
        }
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
        int[] levels = new int[QK];
        float[] scales = new float[16];
        float maxScale = 0f;
        float maxAbsScale = 0f;
        for (int g = 0; g < 16; g++) {
            scales[g] = KScaleSearch.signedScale(16, 32, x, xb + 16 * g, levels, 16 * g);
            if (Math.abs(scales[g]) > maxAbsScale) {
                maxAbsScale = Math.abs(scales[g]);
                maxScale = scales[g];
            }
        }
        if (maxAbsScale < GROUP_MAX_EPS) {
            dst.asSlice(o, GgmlType.Q6_K.typeSize()).fill((byte) 0);
            return;
        }
        float iscale = -128f / maxScale;
        Mem.putF16(dst, o + 208, 1 / iscale);
        float d = Mem.f16(dst, o + 208);
        for (int g = 0; g < 16; g++) {
            byte sc = (byte) Math.min(127, KScaleSearch.nearestInt(iscale * scales[g]));
            Mem.putU8(dst, o + 192 + g, sc);
            float dl = d * sc;
            if (dl == 0f) {
                continue;
            }
            for (int l = 0; l < 16; l++) {
                levels[16 * g + l] = Math.clamp(KScaleSearch.nearestInt(x[xb + 16 * g + l] / dl), -32, 31) + 32;
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
}
