package io.jseek.model;

import io.jseek.gguf.GgufFile;
import java.io.IOException;
import java.util.Optional;

/**
 * Rotary position embedding hyper-parameters, resolved the way llama.cpp resolves them at context creation
 * ({@code llama_context} constructor, {@code llama_model::load_hparams}).
 *
 * <p>{@code freqScale = 1/rope.scaling.factor} (old alias {@code rope.scale_linear}; factor 0 or absent means 1), forced
 * to 1 when the scaling type is {@code none}; {@code extFactor} is 1 for YaRN and 0 otherwise; betas are ggml's
 * defaults 32 and 1. Per-pair frequency factors ({@code rope_freqs.weight}, Llama 3) live with the weights, not here.
 *
 * @param type how dimensions are paired
 * @param dimensionCount rotated dimensions per head ({@code n_rot}); the rest of the head is left alone
 * @param freqBase {@code theta_i = pos * freqBase^(-2i/n_rot)}
 * @param freqScale linear position scale (1 = none)
 * @param scaling the scaling type from the file
 * @param extFactor YaRN extrapolation mix (0 = plain linear interpolation)
 * @param attnFactor YaRN magnitude factor from the file (default 1)
 * @param betaFast YaRN ramp end (ggml default 32)
 * @param betaSlow YaRN ramp start (ggml default 1)
 * @param originalContextLength YaRN's training context ({@code n_ctx_orig_yarn})
 */
public record RopeConfig(RopeType type, int dimensionCount, float freqBase, float freqScale, RopeScaling scaling,
                         float extFactor, float attnFactor, float betaFast, float betaSlow,
                         int originalContextLength) {

    /** Reads {@code {arch}.rope.*}; {@code defaultDims} is used when {@code rope.dimension_count} is absent. */
    public static RopeConfig fromGguf(GgufFile file, String arch, RopeType type, int defaultDims,
                                      int contextLength) throws IOException {
        String p = arch + ".rope.";
        int dims = (int) file.findLong(p + "dimension_count").orElse(defaultDims);
        float base = file.findDouble(p + "freq_base").orElse(10000.0).floatValue();
        RopeScaling scaling = RopeScaling.parse(file.findString(p + "scaling.type").orElse(null));
        Optional<Double> scalingFactor = file.findDouble(p + "scaling.factor");
        double factor = (scalingFactor.isPresent() ? scalingFactor : file.findDouble(p + "scale_linear")).orElse(0.0);
        float freqScale = scaling == RopeScaling.NONE || factor == 0.0 ? 1f : (float) (1.0 / factor);
        float attnFactor = file.findDouble(p + "scaling.attn_factor").orElse(1.0).floatValue();
        int original = (int) file.findLong(p + "scaling.original_context_length").orElse(contextLength);
        return new RopeConfig(type, dims, base, freqScale, scaling, scaling == RopeScaling.YARN ? 1f : 0f,
                attnFactor, 32f, 1f, original);
    }

    /** Plain RoPE without scaling, for tests and tools. */
    public static RopeConfig plain(RopeType type, int dims, float base) {
        return new RopeConfig(type, dims, base, 1f, RopeScaling.NONE, 0f, 1f, 32f, 1f, 0);
    }
}
