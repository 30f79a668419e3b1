package io.jseek.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.gguf.GgufWriter;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The {@code {arch}.*} hyper-parameter keys llama.cpp's converter writes for each architecture
 * (../shared/docs/hf-checkpoints.md §3.3–3.6). deepseek2 is written in the MLA-split layout's form: one KV head,
 * key/value lengths of the latent cache, and the per-head sizes in {@code *_mla}.
 */
final class ArchitectureKeys {
    private final HfConfig c;
    private final GgufWriter w;
    private final String a;

    private ArchitectureKeys(HfConfig c, GgufWriter w, HfArchitecture arch) {
        this.c = c;
        this.w = w;
        this.a = arch.ggufName() + ".";
    }

    /** Writes the keys; {@code extraBlocks} MTP blocks kept after the main ones (deepseek2 only). */
    static void write(HfConfig c, HfArchitecture arch, int extraBlocks, GgufWriter w) throws ConvertException {
        ArchitectureKeys k = new ArchitectureKeys(c, w, arch);
        k.base(extraBlocks, arch != HfArchitecture.DEEPSEEK2);
        switch (arch) {
            case LLAMA -> k.llama();
            case QWEN2 -> k.yarn(false, false);
            case QWEN3 -> k.yarn(true, false);
            case DEEPSEEK2 -> k.deepseek2(extraBlocks);
        }
    }

    private void base(int extraBlocks, boolean headDimKeys) throws ConvertException {
        w.putUint32(a + "block_count", c.getInt("num_hidden_layers") + extraBlocks);
        u32("context_length", c.optInt("max_position_embeddings"));
        w.putUint32(a + "embedding_length", c.getInt("hidden_size"));
        u32("feed_forward_length", c.optInt("intermediate_size"));
        w.putUint32(a + "attention.head_count", c.getInt("num_attention_heads"));
        if (headDimKeys) {
            u32("attention.head_count_kv", c.optInt("num_key_value_heads"));
        }
        f32("rope.freq_base", c.optDouble("rope_theta"));
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", (float) c.getDouble("rms_norm_eps"));
        u32("expert_used_count", c.optInt("num_experts_per_tok"));
        if (headDimKeys) {
            u32("attention.key_length", c.optInt("head_dim"));
            u32("attention.value_length", c.optInt("head_dim"));
        }
    }

    private void llama() throws ConvertException {
        u32("vocab_size", c.optInt("vocab_size"));
        int headDim = c.optInt("head_dim").orElse(c.getInt("hidden_size") / c.getInt("num_attention_heads"));
        w.putUint32(a + "rope.dimension_count", headDim);
        if (c.ropeScalingType().orElse("").equals("linear")) {
            w.putString(a + "rope.scaling.type", "linear");
            f32("rope.scaling.factor", c.optDouble(scaling(), "factor"));
        }
    }

    /** YaRN keys when {@code rope_scaling} says yarn; qwen3 adds the newer converter's yarn_* extras. */
    private void yarn(boolean extras, boolean logMultiplier) throws ConvertException {
        if (!c.ropeScalingType().orElse("").equals("yarn")) {
            return;
        }
        JsonNode s = scaling();
        w.putString(a + "rope.scaling.type", "yarn");
        f32("rope.scaling.factor", c.optDouble(s, "factor"));
        u32("rope.scaling.original_context_length", intIn(s, "original_max_position_embeddings"));
        if (logMultiplier) {
            OptionalDouble mscale = c.optDouble(s, "mscale_all_dim");
            if (mscale.isPresent()) {
                w.putFloat32(a + "rope.scaling.yarn_log_multiplier", (float) (0.1 * mscale.getAsDouble()));
            }
        }
        if (extras) {
            f32("rope.scaling.yarn_ext_factor", c.optDouble(s, "extrapolation_factor"));
            OptionalDouble attn = c.optDouble(s, "attention_factor");
            f32("rope.scaling.yarn_attn_factor", attn.isPresent() ? attn : c.optDouble(s, "attn_factor"));
            f32("rope.scaling.yarn_beta_fast", c.optDouble(s, "beta_fast"));
            f32("rope.scaling.yarn_beta_slow", c.optDouble(s, "beta_slow"));
        }
    }

    private void deepseek2(int extraBlocks) throws ConvertException {
        int kvLora = c.getInt("kv_lora_rank");
        int rope = c.getInt("qk_rope_head_dim");
        w.putUint32(a + "attention.head_count_kv", 1);
        w.putUint32(a + "attention.key_length", kvLora + rope);
        w.putUint32(a + "attention.value_length", kvLora);
        w.putUint32(a + "attention.key_length_mla", c.getInt("qk_nope_head_dim") + rope);
        w.putUint32(a + "attention.value_length_mla", c.getInt("v_head_dim"));
        w.putUint32(a + "leading_dense_block_count", c.optInt("first_k_dense_replace")
                .orElse(c.getInt("num_hidden_layers")));
        u32("vocab_size", c.optInt("vocab_size"));
        u32("attention.q_lora_rank", c.optInt("q_lora_rank"));
        w.putUint32(a + "attention.kv_lora_rank", kvLora);
        u32("expert_feed_forward_length", c.optInt("moe_intermediate_size"));
        u32("expert_count", c.optInt("n_routed_experts"));
        u32("expert_shared_count", c.optInt("n_shared_experts"));
        f32("expert_weights_scale", c.optDouble("routed_scaling_factor"));
        if (c.optBool("norm_topk_prob").orElse(false)) {
            w.putBool(a + "expert_weights_norm", true);
        }
        String scoring = c.string("scoring_func").orElse("softmax");
        w.putUint32(a + "expert_gating_func", switch (scoring) {
            case "softmax" -> 1;
            case "sigmoid" -> 2;
            default -> throw new ConvertException(c.file() + ": scoring_func '" + scoring
                    + "' is not supported (softmax or sigmoid)");
        });
        u32("expert_group_count", c.optInt("n_group"));
        u32("expert_group_used_count", c.optInt("topk_group"));
        w.putUint32(a + "rope.dimension_count", rope);
        yarn(false, true);
        if (extraBlocks > 0) {
            w.putUint32(a + "nextn_predict_layers", extraBlocks);
        }
    }

    private JsonNode scaling() {
        return c.ropeScaling().orElseThrow();
    }

    private OptionalInt intIn(JsonNode node, String key) throws ConvertException {
        OptionalDouble v = c.optDouble(node, key);
        return v.isPresent() ? OptionalInt.of((int) v.getAsDouble()) : OptionalInt.empty();
    }

    private void u32(String key, OptionalInt v) {
        v.ifPresent(x -> w.putUint32(a + key, x));
    }

    private void f32(String key, OptionalDouble v) {
        v.ifPresent(x -> w.putFloat32(a + key, (float) x));
    }
}
