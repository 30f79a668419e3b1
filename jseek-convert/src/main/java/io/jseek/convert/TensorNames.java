package io.jseek.convert;

import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face → GGUF tensor names (gguf-py {@code tensor_mapping.py}; ../shared/docs/hf-checkpoints.md §3.1, §3.6) for
 * the names that map one to one. Experts, {@code kv_b_proj} and the MTP block are handled by the planner.
 */
final class TensorNames {
    private static final Map<String, String> GLOBAL = Map.of(
            "model.embed_tokens.weight", "token_embd.weight",
            "lm_head.weight", "output.weight",
            "model.norm.weight", "output_norm.weight");

    private static final Map<String, String> LAYER = Map.ofEntries(
            Map.entry("input_layernorm.weight", "attn_norm.weight"),
            Map.entry("post_attention_layernorm.weight", "ffn_norm.weight"),
            Map.entry("self_attn.q_proj.weight", "attn_q.weight"),
            Map.entry("self_attn.k_proj.weight", "attn_k.weight"),
            Map.entry("self_attn.v_proj.weight", "attn_v.weight"),
            Map.entry("self_attn.o_proj.weight", "attn_output.weight"),
            Map.entry("mlp.gate_proj.weight", "ffn_gate.weight"),
            Map.entry("mlp.up_proj.weight", "ffn_up.weight"),
            Map.entry("mlp.down_proj.weight", "ffn_down.weight"));

    private static final Map<String, String> BIASES = Map.of(
            "self_attn.q_proj.bias", "attn_q.bias",
            "self_attn.k_proj.bias", "attn_k.bias",
            "self_attn.v_proj.bias", "attn_v.bias");

    private static final Map<String, String> QWEN3 = Map.of(
            "self_attn.q_norm.weight", "attn_q_norm.weight",
            "self_attn.k_norm.weight", "attn_k_norm.weight");

    private static final Map<String, String> DEEPSEEK2 = Map.ofEntries(
            Map.entry("self_attn.q_a_proj.weight", "attn_q_a.weight"),
            Map.entry("self_attn.q_a_layernorm.weight", "attn_q_a_norm.weight"),
            Map.entry("self_attn.q_b_proj.weight", "attn_q_b.weight"),
            Map.entry("self_attn.kv_a_proj_with_mqa.weight", "attn_kv_a_mqa.weight"),
            Map.entry("self_attn.kv_a_layernorm.weight", "attn_kv_a_norm.weight"),
            Map.entry("mlp.gate.weight", "ffn_gate_inp.weight"),
            Map.entry("mlp.gate.e_score_correction_bias", "exp_probs_b.bias"),
            Map.entry("mlp.shared_experts.gate_proj.weight", "ffn_gate_shexp.weight"),
            Map.entry("mlp.shared_experts.up_proj.weight", "ffn_up_shexp.weight"),
            Map.entry("mlp.shared_experts.down_proj.weight", "ffn_down_shexp.weight"));

    /** The MTP block's own tensors (gguf-py {@code NEXTN_*}), kept only on request. */
    private static final Map<String, String> NEXTN = Map.of(
            "eh_proj.weight", "nextn.eh_proj.weight",
            "enorm.weight", "nextn.enorm.weight",
            "hnorm.weight", "nextn.hnorm.weight",
            "embed_tokens.weight", "nextn.embed_tokens.weight",
            "shared_head.norm.weight", "nextn.shared_head_norm.weight",
            "shared_head.head.weight", "nextn.shared_head_head.weight");

    private TensorNames() {
    }

    static Optional<String> global(String hf) {
        return Optional.ofNullable(GLOBAL.get(hf));
    }

    /** The GGUF suffix (after {@code blk.N.}) of a per-layer name's suffix (after {@code model.layers.N.}). */
    static Optional<String> layer(HfArchitecture arch, String suffix, boolean mtpLayer) {
        String name = LAYER.get(suffix);
        if (name == null) {
            name = switch (arch) {
                case LLAMA, QWEN2 -> BIASES.get(suffix);
                case QWEN3 -> QWEN3.get(suffix);
                case DEEPSEEK2 -> DEEPSEEK2.getOrDefault(suffix, mtpLayer ? NEXTN.get(suffix) : null);
            };
        }
        return Optional.ofNullable(name);
    }
}
