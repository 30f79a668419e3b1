package io.jseek.tensor;

/**
 * The scale searches of ggml's K-quants ({@code make_qkx2_quants} for Q4_K/Q5_K, {@code make_qx_quants} with
 * {@code rmse_type 1} for Q6_K): try a few scales around the plain one, fit each by weighted least squares, keep the
 * best. Kept operation for operation (float arithmetic, evaluation order) so that the chosen levels are ggml's.
 */
final class KScaleSearch {
    private KScaleSearch() {
    }

    /** ggml's {@code nearest_int}: round half to even through the 1.5·2^23 trick (valid for |v| ≤ 4194303). */
    static int nearestInt(float v) {
        return (Float.floatToRawIntBits(v + 12582912f) & 0x007FFFFF) - 0x00400000;
    }

    /**
     * Asymmetric levels 0..nmax for {@code x[xo .. xo+n)} with weights: {@code x ≈ scale·L − min}. Writes the levels
     * to {@code levels[lo ..]}, {@code −min} (≥ 0) to {@code theMin[0]}, returns the scale.
     */
    static float scaleMin(int n, int nmax, float[] x, int xo, float[] weights, int[] levels, int lo, float[] theMin,
            float rmin, float rdelta, int nstep) {
        float min = x[xo];
        float max = x[xo];
        float sumW = weights[0];
        float sumX = sumW * x[xo];
        for (int i = 1; i < n; i++) {
            float v = x[xo + i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            sumW += weights[i];
            sumX += weights[i] * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            java.util.Arrays.fill(levels, lo, lo + n, 0);
            theMin[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0f;
        for (int i = 0; i < n; i++) {
            int l = Math.clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
            levels[lo + i] = l;
            float diff = scale * l + min - x[xo + i];
            bestError += weights[i] * (diff * diff);
        }
        int[] aux = new int[n];
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0f;
            float sumL2 = 0f;
            float sumXL = 0f;
            for (int i = 0; i < n; i++) {
                int l = Math.clamp(nearestInt(iscale * (x[xo + i] - min)), 0, nmax);
                aux[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[xo + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0f;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * aux[i] + thisMin - x[xo + i];
                    error += weights[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, levels, lo, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[0] = -min;
        return scale;
    }

    /**
     * Symmetric levels for {@code x[xo .. xo+n)} weighted by x²: {@code x ≈ scale·(L − nmax)}, L in 0..2·nmax−1
     * written to {@code levels[lo ..]} (all 0 for an all-zero group); returns the scale.
     */
    static float signedScale(int n, int nmax, float[] x, int xo, int[] levels, int lo) {
        float max = 0f;
        float amax = 0f;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xo + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xo + i];
            }
        }
        if (amax < 1e-15f) {
            java.util.Arrays.fill(levels, lo, lo + n, 0);
            return 0f;
        }
        float iscale = -nmax / max;
        float sumLX = 0f;
        float sumL2 = 0f;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
            levels[lo + i] = l + nmax;
            float w = v * v;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0f ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = 0f;
            sumL2 = 0f;
            for (int i = 0; i < n; i++) {
                float v = x[xo + i];
                int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
                float w = v * v;
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    levels[lo + i] = nmax + Math.clamp(nearestInt(iscale * x[xo + i]), -nmax, nmax - 1);
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
