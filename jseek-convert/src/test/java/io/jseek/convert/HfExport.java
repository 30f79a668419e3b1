package io.jseek.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the tensors of a GGUF model into the Hugging Face tensors they came from: names by gguf-py's table, shapes
 * reversed, llama's q/k rotary permutation undone, experts unstacked. Written for the tests from the documented map
 * (../shared/docs/hf-checkpoints.md §3), independently of the converter. Every HF element remembers the GGUF element it
 * is, so that values changed on the HF side (rounding to BF16 or FP8) can be carried back to make the expected GGUF.
 */
final class HfExport {
    /** An HF tensor whose element i is {@code source.values()[index(i)]}. */
    record HfTensor(String name, long[] shape, GgufTensors.T source, int[] index) {
        int index(int i) {
            return index == null ? i : index[i];
        }

        float value(int i) {
            return source.values()[index(i)];
        }

        void set(int i, float v) {
            source.values()[index(i)] = v;
        }

        int size() {
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            return n;
        }
    }

    private static final Map<String, String> GLOBAL = Map.of(
            "token_embd.weight", "model.embed_tokens.weight",
            "output.weight", "lm_head.weight",
            "output_norm.weight", "model.norm.weight");

    private static final Map<String, String> LAYER = Map.ofEntries(
            Map.entry("attn_norm.weight", "input_layernorm.weight"),
            Map.entry("ffn_norm.weight", "post_attention_layernorm.weight"),
            Map.entry("attn_q.weight", "self_attn.q_proj.weight"),
            Map.entry("attn_k.weight", "self_attn.k_proj.weight"),
            Map.entry("attn_v.weight", "self_attn.v_proj.weight"),
            Map.entry("attn_q.bias", "self_attn.q_proj.bias"),
            Map.entry("attn_k.bias", "self_attn.k_proj.bias"),
            Map.entry("attn_v.bias", "self_attn.v_proj.bias"),
            Map.entry("attn_q_norm.weight", "self_attn.q_norm.weight"),
            Map.entry("attn_k_norm.weight", "self_attn.k_norm.weight"),
            Map.entry("attn_output.weight", "self_attn.o_proj.weight"),
            Map.entry("ffn_gate.weight", "mlp.gate_proj.weight"),
            Map.entry("ffn_up.weight", "mlp.up_proj.weight"),
            Map.entry("ffn_down.weight", "mlp.down_proj.weight"),
            Map.entry("attn_q_a.weight", "self_attn.q_a_proj.weight"),
            Map.entry("attn_q_a_norm.weight", "self_attn.q_a_layernorm.weight"),
            Map.entry("attn_q_b.weight", "self_attn.q_b_proj.weight"),
            Map.entry("attn_kv_a_mqa.weight", "self_attn.kv_a_proj_with_mqa.weight"),
            Map.entry("attn_kv_a_norm.weight", "self_attn.kv_a_layernorm.weight"),
            Map.entry("attn_kv_b.weight", "self_attn.kv_b_proj.weight"),
            Map.entry("ffn_gate_inp.weight", "mlp.gate.weight"),
            Map.entry("exp_probs_b.bias", "mlp.gate.e_score_correction_bias"),
            Map.entry("ffn_gate_shexp.weight", "mlp.shared_experts.gate_proj.weight"),
            Map.entry("ffn_up_shexp.weight", "mlp.shared_experts.up_proj.weight"),
            Map.entry("ffn_down_shexp.weight", "mlp.shared_experts.down_proj.weight"));

    private HfExport() {
    }

    /**
     * @param llamaHeads query and KV heads for llama's permutation, or null for architectures without it
     */
    static List<HfTensor> export(Map<String, GgufTensors.T> gguf, int[] llamaHeads) {
        List<HfTensor> out = new ArrayList<>();
        for (Map.Entry<String, GgufTensors.T> e : gguf.entrySet()) {
            String name = e.getKey();
            GgufTensors.T t = e.getValue();
            if (name.equals("rope_freqs.weight")) {
                continue;
            }
            if (GLOBAL.containsKey(name)) {
                out.add(new HfTensor(GLOBAL.get(name), reversed(t.ne()), t, null));
                continue;
            }
            int dot = name.indexOf('.', 4);
            String layer = name.substring(4, dot);
            String suffix = name.substring(dot + 1);
            String prefix = "model.layers." + layer + ".";
            if (suffix.endsWith("_exps.weight")) {
                String proj = suffix.substring(4, suffix.indexOf("_exps"));
                int per = (int) (t.ne()[0] * t.ne()[1]);
                for (int x = 0; x < t.ne()[2]; x++) {
                    int[] index = new int[per];
                    for (int i = 0; i < per; i++) {
                        index[i] = x * per + i;
                    }
                    out.add(new HfTensor(prefix + "mlp.experts." + x + "." + proj + "_proj.weight",
                            new long[] {t.ne()[1], t.ne()[0]}, t, index));
                }
                continue;
            }
            String hf = LAYER.get(suffix);
            if (hf == null) {
                throw new IllegalArgumentException("no HF name for " + name);
            }
            int[] index = null;
            if (llamaHeads != null && (suffix.startsWith("attn_q.") || suffix.startsWith("attn_k."))) {
                index = unpermute(t, suffix.startsWith("attn_q.") ? llamaHeads[0] : llamaHeads[1]);
            }
            out.add(new HfTensor(prefix + hf, reversed(t.ne()), t, index));
        }
        return out;
    }

    /** HF row {@code h·d + a·d/2 + j} is GGUF row {@code h·d + 2j + a}. */
    private static int[] unpermute(GgufTensors.T t, int heads) {
        int cols = t.ne().length == 1 ? 1 : (int) t.ne()[0];
        int rows = t.values().length / cols;
        int d = rows / heads;
        int[] index = new int[t.values().length];
        for (int h = 0; h < heads; h++) {
            for (int a = 0; a < 2; a++) {
                for (int j = 0; j < d / 2; j++) {
                    int hfRow = h * d + a * (d / 2) + j;
                    int ggufRow = h * d + 2 * j + a;
                    for (int c = 0; c < cols; c++) {
                        index[hfRow * cols + c] = ggufRow * cols + c;
                    }
                }
            }
        }
        return index;
    }

    private static long[] reversed(long[] ne) {
        long[] s = new long[ne.length];
        for (int i = 0; i < ne.length; i++) {
            s[i] = ne[ne.length - 1 - i];
        }
        return s;
    }
}
