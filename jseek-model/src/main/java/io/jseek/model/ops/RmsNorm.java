package io.jseek.model.ops;

import io.jseek.tensor.FloatTensor;

/**
 * RMSNorm as ggml's CPU backend computes it ({@code ggml_compute_forward_rms_norm_f32} then {@code ggml_mul}):
 * the sum of squares in double, {@code scale = 1/sqrtf(mean + eps)} in float, {@code out = (x * scale) * w}.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    /** {@code out[o + i] = x[xo + i] * scale * w[i]} for {@code i < n}; {@code out} may be {@code x}. */
    public static void apply(float[] out, int outOffset, float[] x, int xOffset, FloatTensor w, int n, float eps) {
        float scale = scale(x, xOffset, n, eps);
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = (x[xOffset + i] * scale) * w.getFloat(i);
        }
    }

    /** Whole-vector form. */
    public static void apply(float[] out, float[] x, FloatTensor w, int n, float eps) {
        apply(out, 0, x, 0, w, n, eps);
    }

    /**
     * Normalises each of {@code heads} consecutive heads of {@code headDim} values at {@code x[offset ..]} in place,
     * with the same weight for every head (qwen3's q/k norm: ggml's rms_norm over the head dimension).
     */
    public static void heads(float[] x, int offset, int heads, int headDim, FloatTensor w, float eps) {
        for (int h = 0; h < heads; h++) {
            int o = offset + h * headDim;
            apply(x, o, x, o, w, headDim, eps);
        }
    }

    /** {@code 1/sqrt(mean(x²) + eps)} over {@code x[offset, offset + n)}. */
    public static float scale(float[] x, int offset, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[offset + i];
            sum += (double) (v * v);
        }
        float mean = (float) (sum / n);
        return 1f / (float) Math.sqrt(mean + eps);
    }
}
