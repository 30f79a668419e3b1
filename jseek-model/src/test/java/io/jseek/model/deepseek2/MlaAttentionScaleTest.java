package io.jseek.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.RopeConfig;
import io.jseek.model.RopeScaling;
import io.jseek.model.RopeType;
import org.junit.jupiter.api.Test;

/**
 * The YaRN magnitudes against the numbers of ../shared/docs/deepseek-spec.md §2.4.3 (computed from ggml's formulas for
 * the real V2-Lite and V3 configurations: factor 40, original context 4096, d_qk 192).
 */
class MlaAttentionScaleTest {

    private static RopeConfig yarn(float factor) {
        return new RopeConfig(RopeType.NORM, 64, 10000f, 1f / factor, RopeScaling.YARN, 1f, 1f, 32f, 1f, 4096);
    }

    @Test
    void deepseekV3() {
        MlaAttentionScale s = MlaAttentionScale.of(yarn(40f), 0.1f, 192);
        assertEquals(0.1352338f, s.kqScale(), 2e-7);
        assertEquals(0.7305200f, s.ropeAttnFactor(), 2e-7);
        // ggml multiplies cos/sin by attn_factor * (1 + 0.1 ln 40): exactly undone
        assertEquals(1f, s.ropeAttnFactor() * (1f + 0.1f * (float) Math.log(40f)), 1e-6);
    }

    @Test
    void deepseekV2Lite() {
        MlaAttentionScale s = MlaAttentionScale.of(yarn(40f), 0.0707f, 192);
        assertEquals(0.1147214f, s.kqScale(), 2e-7);
        assertEquals(0.7305200f, s.ropeAttnFactor(), 2e-7);
    }

    @Test
    void withoutScaling() {
        RopeConfig plain = RopeConfig.plain(RopeType.NORM, 64, 10000f);
        MlaAttentionScale s = MlaAttentionScale.of(plain, 0f, 192);
        assertEquals((float) (1 / Math.sqrt(192)), s.kqScale(), 1e-8);
        assertEquals(1f, s.ropeAttnFactor());
    }

    @Test
    void yarnWithoutLogMultiplierKeepsGgmlMagnitudeInTheScale() {
        // llama.cpp: yarn_attn_factor = get_mscale(f, 1) / (1 + 0.1 ln f) = 1, then attn_factor_org = 1 + 0.1 ln f
        MlaAttentionScale s = MlaAttentionScale.of(yarn(40f), 0f, 192);
        float m = 1f + 0.1f * (float) Math.log(40f);
        assertEquals(1f, s.ropeAttnFactor(), 1e-6);
        assertEquals(m * m / (float) Math.sqrt(192), s.kqScale(), 1e-6);
    }

    @Test
    void fileAttnFactorMultipliesBoth() {
        RopeConfig r = new RopeConfig(RopeType.NORM, 64, 10000f, 1f / 40f, RopeScaling.YARN, 1f, 2f, 32f, 1f, 4096);
        MlaAttentionScale s = MlaAttentionScale.of(r, 0.1f, 192);
        assertEquals(2f * 0.7305200f, s.ropeAttnFactor(), 1e-6);
        assertEquals(4f * 0.1352338f, s.kqScale(), 1e-6);
    }
}
