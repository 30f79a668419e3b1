package io.jseek.model.deepseek2;

import io.jseek.model.RopeConfig;

/**
 * The two YaRN magnitudes of deepseek2 attention, computed in float exactly as current llama.cpp does
 * ({@code llama_context} constructor, [TAG_DEEPSEEK2_YARN_LOG_MUL_FIX]; graph in {@code src/models/deepseek2.cpp}).
 *
 * <p>Why two numbers: DeepSeek's YaRN puts the whole attention-temperature correction into the softmax scale
 * ({@code mscale²/sqrt(d_qk)} with {@code mscale = 1 + 0.1·mscale_all_dim·ln(factor)}) and leaves the rotated q/k
 * unscaled, whereas ggml's RoPE kernel multiplies cos/sin by {@code attn_factor·(1 + 0.1·ln(factor))}. llama.cpp
 * therefore passes ggml an {@code attn_factor} that cancels the kernel's factor and folds the real one into
 * {@code kq_scale}. The GGUF stores {@code yarn_log_multiplier = 0.1·mscale_all_dim}; llama.cpp divides it by 0.1 on load.
 *
 * @param ropeAttnFactor the {@code attn_factor} argument of ggml's RoPE ({@code cparams.yarn_attn_factor}); the kernel
 *     multiplies cos/sin by it times {@code 1 + 0.1·ln(factor)} under YaRN, which gives 1 for DeepSeek files
 * @param kqScale the factor on every q·k dot product (nope and rope parts alike)
 */
public record MlaAttentionScale(float ropeAttnFactor, float kqScale) {

    /**
     * @param rope the resolved rotary parameters (freq scale, ext factor, the file's {@code rope.scaling.attn_factor})
     * @param yarnLogMultiplier the GGUF {@code rope.scaling.yarn_log_multiplier} value, 0 when absent
     * @param keyDim the per-head q/k width of the decompressed form ({@code nope + rope}, 192 for DeepSeek)
     */
    public static MlaAttentionScale of(RopeConfig rope, float yarnLogMultiplier, int keyDim) {
        float logMul = yarnLogMultiplier / 0.1f;
        float kernelFactor = 1.0f + 0.1f * (float) Math.log(1.0f / rope.freqScale());
        float contextAttn = contextAttnFactor(rope, logMul, kernelFactor);
        float attnFactorOrg = contextAttn * kernelFactor;
        float mscale = attnFactorOrg * (1.0f + 0.1f * logMul * (float) Math.log(1.0f / rope.freqScale()));
        float kqScale = mscale * mscale / (float) Math.sqrt(keyDim);
        return new MlaAttentionScale(contextAttn, kqScale);
    }

    /** {@code cparams.yarn_attn_factor}: the attn_factor argument llama.cpp hands to ggml's RoPE. */
    private static float contextAttnFactor(RopeConfig rope, float logMul, float kernelFactor) {
        float attn = 1.0f;
        if (rope.extFactor() != 0) {
            float factor = 1.0f / rope.freqScale();
            if (logMul != 0.0f) {
                float mscale = logMul != 1.0f ? logMul : 1.0f;
                attn = mscale(factor, mscale) / mscale(factor, logMul);
            } else {
                attn = mscale(factor, 1.0f);
            }
            attn *= 1.0f / kernelFactor;
        }
        return attn * rope.attnFactor();
    }

    /** {@code rope} with {@link #ropeAttnFactor} in place of the file's attn_factor, for {@code ops.Rope}. */
    public RopeConfig ropeFor(RopeConfig rope) {
        return new RopeConfig(rope.type(), rope.dimensionCount(), rope.freqBase(), rope.freqScale(), rope.scaling(),
                rope.extFactor(), ropeAttnFactor, rope.betaFast(), rope.betaSlow(), rope.originalContextLength());
    }

    /** HF {@code yarn_get_mscale}. */
    static float mscale(float scale, float mscale) {
        return scale <= 1.0f ? 1.0f : 0.1f * mscale * (float) Math.log(scale) + 1.0f;
    }
}
