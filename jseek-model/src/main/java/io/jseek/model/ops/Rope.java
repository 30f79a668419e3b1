package io.jseek.model.ops;

import io.jseek.model.RopeConfig;
import io.jseek.model.RopeType;

/**
 * Rotary position embedding as ggml computes it ({@code ggml_rope_cache_init}, {@code rope_yarn};
 * ../shared/docs/deepseek-spec.md §2.0.1–2).
 *
 * <p>Per position, {@link #cache} fills one cos/sin pair per rotated pair {@code i < nDims/2}:
 * {@code theta_i = pos * base^(-2i/nDims) / ff_i} computed iteratively in float as ggml does, then linear scaling
 * ({@code freqScale}) or the YaRN ramp between interpolated and extrapolated angles, and the magnitude factor.
 * {@link #rotate} applies the cache to one head in the architecture's pairing: NORM rotates {@code (x[2i], x[2i+1])},
 * NEOX rotates {@code (x[i], x[i + nDims/2])}. Dimensions at or past {@code nDims} are untouched.
 */
public final class Rope {
    private final RopeConfig config;
    private final float[] freqFactors; // [nDims/2] or null: Llama-3 per-pair divisors (rope_freqs.weight)
    private final float thetaScale;
    private final float corrLow;
    private final float corrHigh;
    private final float yarnMscale;

    /** {@code freqFactors} may be null; otherwise it holds {@code nDims/2} divisors. */
    public Rope(RopeConfig config, float[] freqFactors) {
        int dims = config.dimensionCount();
        if (dims % 2 != 0) {
            throw new IllegalArgumentException("rope dimension count must be even, got " + dims);
        }
        if (freqFactors != null && freqFactors.length != dims / 2) {
            throw new IllegalArgumentException("rope_freqs has " + freqFactors.length + " values, expected " + dims / 2);
        }
        this.config = config;
        this.freqFactors = freqFactors == null ? null : freqFactors.clone();
        this.thetaScale = (float) Math.pow(config.freqBase(), -2.0f / dims);
        float low = (float) Math.floor(corrDim(config.betaFast()));
        float high = (float) Math.ceil(corrDim(config.betaSlow()));
        this.corrLow = Math.max(0f, low);
        this.corrHigh = Math.min(dims - 1f, high);
        this.yarnMscale = config.extFactor() != 0f
                ? 1f + 0.1f * (float) Math.log(1f / config.freqScale()) : 1f;
    }

    /** ggml_rope_yarn_corr_dim: the pair index whose wavelength spans {@code rotations} turns of the context. */
    private float corrDim(float rotations) {
        int n = config.dimensionCount();
        return n * (float) Math.log(config.originalContextLength() / (rotations * 2 * (float) Math.PI))
                / (2 * (float) Math.log(config.freqBase()));
    }

    public RopeConfig config() {
        return config;
    }

    /** Rotated pairs per head ({@code nDims/2}), the length of the cos/sin buffers. */
    public int pairs() {
        return config.dimensionCount() / 2;
    }

    /** Fills {@code cos[i], sin[i]} for position {@code pos}, {@code i < pairs()}. */
    public void cache(int pos, float[] cos, float[] sin) {
        cache(pos, cos, sin, 0);
    }

    /** Fills {@code cos[csOffset + i], sin[csOffset + i]} for position {@code pos}, {@code i < pairs()}. */
    public void cache(int pos, float[] cos, float[] sin, int csOffset) {
        float theta = pos;
        float freqScale = config.freqScale();
        float ext = config.extFactor();
        float mscale = config.attnFactor() * yarnMscale;
        for (int i = 0; i < pairs(); i++) {
            float extrap = freqFactors == null ? theta : theta / freqFactors[i];
            float interp = freqScale * extrap;
            float angle = interp;
            if (ext != 0f) {
                float rampMix = ramp(i) * ext;
                angle = interp * (1 - rampMix) + extrap * rampMix;
            }
            cos[csOffset + i] = (float) Math.cos(angle) * mscale;
            sin[csOffset + i] = (float) Math.sin(angle) * mscale;
            theta *= thetaScale;
        }
    }

    private float ramp(int pair) {
        float y = (pair - corrLow) / Math.max(0.001f, corrHigh - corrLow);
        return 1 - Math.min(1f, Math.max(0f, y));
    }

    /** Rotates one head at {@code x[offset ..]} with a cache from {@link #cache}, in this model's pairing. */
    public void rotate(float[] x, int offset, float[] cos, float[] sin) {
        rotate(x, offset, cos, sin, 0);
    }

    /**
     * As {@link #rotate(float[], int, float[], float[])} with the cache at {@code cos[csOffset ..]}, {@code sin[csOffset
     * ..]}: a batch keeps the caches of all its positions in one buffer, {@link #pairs()} floats apart.
     */
    public void rotate(float[] x, int offset, float[] cos, float[] sin, int csOffset) {
        if (config.type() == RopeType.NORM) {
            rotateNorm(x, offset, config.dimensionCount(), cos, sin, csOffset);
        } else {
            rotateNeox(x, offset, config.dimensionCount(), cos, sin, csOffset);
        }
    }

    /** Rotates {@code heads} consecutive heads of {@code headDim} elements each. */
    public void rotateHeads(float[] x, int heads, int headDim, float[] cos, float[] sin) {
        for (int h = 0; h < heads; h++) {
            rotate(x, h * headDim, cos, sin);
        }
    }

    /** NORM: adjacent pairs {@code (x[2i], x[2i+1])}. */
    public static void rotateNorm(float[] x, int offset, int dims, float[] cos, float[] sin) {
        rotateNorm(x, offset, dims, cos, sin, 0);
    }

    /** NORM with the cache at {@code cos[csOffset ..]}, {@code sin[csOffset ..]}. */
    public static void rotateNorm(float[] x, int offset, int dims, float[] cos, float[] sin, int csOffset) {
        for (int i = 0; i < dims / 2; i++) {
            int j = offset + 2 * i;
            float x0 = x[j];
            float x1 = x[j + 1];
            float c = cos[csOffset + i];
            float s = sin[csOffset + i];
            x[j] = x0 * c - x1 * s;
            x[j + 1] = x0 * s + x1 * c;
        }
    }

    /** NEOX: halves {@code (x[i], x[i + dims/2])}. */
    public static void rotateNeox(float[] x, int offset, int dims, float[] cos, float[] sin) {
        rotateNeox(x, offset, dims, cos, sin, 0);
    }

    /** NEOX with the cache at {@code cos[csOffset ..]}, {@code sin[csOffset ..]}. */
    public static void rotateNeox(float[] x, int offset, int dims, float[] cos, float[] sin, int csOffset) {
        int half = dims / 2;
        for (int i = 0; i < half; i++) {
            int j = offset + i;
            float x0 = x[j];
            float x1 = x[j + half];
            float c = cos[csOffset + i];
            float s = sin[csOffset + i];
            x[j] = x0 * c - x1 * s;
            x[j + half] = x0 * s + x1 * c;
        }
    }
}
