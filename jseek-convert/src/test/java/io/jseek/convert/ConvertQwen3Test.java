package io.jseek.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.convert.safetensors.SafetensorsTestFile;
import io.jseek.gguf.GgufFile;
import io.jseek.tensor.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DeepSeek-R1-0528-Qwen3-8B-shaped checkpoint in miniature: head_dim independent of the hidden size, per-head q/k
 * norms, YaRN with {@code attn_factor}, and a tokenizer that prepends BOS 151643, whose check-text hash llama.cpp's
 * table lacks (../shared/docs/hf-checkpoints.md §4.3): the names, shapes and keys of the newer llama.cpp converter, pre
 * {@code qwen2}.
 */
class ConvertQwen3Test {
    @TempDir
    Path dir;

    @Test
    void r1Qwen3Layout() throws Exception {
        Path hf = Files.createDirectories(dir.resolve("R1-0528-Qwen3-tiny"));
        int e = 32;
        int d = 16;
        SafetensorsTestFile st = new SafetensorsTestFile()
                .add("model.embed_tokens.weight", "BF16", new long[] {151669, e}, new byte[151669 * e * 2])
                .add("lm_head.weight", "BF16", new long[] {151669, e}, new byte[151669 * e * 2])
                .addF32("model.norm.weight", new long[] {e}, new float[e]);
        String p = "model.layers.0.";
        st.addF32(p + "input_layernorm.weight", new long[] {e}, new float[e])
                .addF32(p + "post_attention_layernorm.weight", new long[] {e}, new float[e])
                .addF32(p + "self_attn.q_proj.weight", new long[] {4 * d, e}, new float[4 * d * e])
                .addF32(p + "self_attn.k_proj.weight", new long[] {2 * d, e}, new float[2 * d * e])
                .addF32(p + "self_attn.v_proj.weight", new long[] {2 * d, e}, new float[2 * d * e])
                .addF32(p + "self_attn.o_proj.weight", new long[] {e, 4 * d}, new float[4 * d * e])
                .addF32(p + "self_attn.q_norm.weight", new long[] {d}, new float[d])
                .addF32(p + "self_attn.k_norm.weight", new long[] {d}, new float[d])
                .addF32(p + "mlp.gate_proj.weight", new long[] {64, e}, new float[64 * e])
                .addF32(p + "mlp.up_proj.weight", new long[] {64, e}, new float[64 * e])
                .addF32(p + "mlp.down_proj.weight", new long[] {e, 64}, new float[64 * e])
                .write(hf.resolve("model.safetensors"));
        new ObjectMapper().writeValue(hf.resolve("config.json").toFile(), Map.ofEntries(
                Map.entry("architectures", List.of("Qwen3ForCausalLM")), Map.entry("hidden_size", e),
                Map.entry("head_dim", d), Map.entry("intermediate_size", 64), Map.entry("num_hidden_layers", 1),
                Map.entry("num_attention_heads", 4), Map.entry("num_key_value_heads", 2),
                Map.entry("rms_norm_eps", 1e-6), Map.entry("rope_theta", 1000000.0),
                Map.entry("max_position_embeddings", 131072), Map.entry("vocab_size", 151669),
                Map.entry("tie_word_embeddings", false), Map.entry("bos_token_id", 151643),
                Map.entry("eos_token_id", 151645),
                Map.entry("rope_scaling", Map.of("rope_type", "yarn", "factor", 4.0,
                        "original_max_position_embeddings", 32768, "attn_factor", 0.8782488562869419))));
        Files.copy(TestData.tokenizer("qwen.tokenizer.json"), hf.resolve("tokenizer.json"));
        Files.writeString(hf.resolve("tokenizer_config.json"),
                "{\"add_bos_token\": true, \"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|im_end|>\","
                        + " \"chat_template\": \"{{ bos_token }}\"}");
        Path out = dir.resolve("q3.gguf");
        HfConverter.convert(hf, out, new ConvertOptions(OutputType.BF16, false), ConvertProgress.NONE);
        try (GgufFile g = GgufFile.open(out)) {
            assertEquals("qwen3", g.getString("general.architecture"));
            assertEquals("qwen2", g.getString("tokenizer.ggml.pre"));
            assertEquals(151643, g.getLong("tokenizer.ggml.bos_token_id"));
            assertEquals(151645, g.getLong("tokenizer.ggml.eos_token_id"));
            assertEquals(d, g.getLong("qwen3.attention.key_length"));
            assertEquals(d, g.getLong("qwen3.attention.value_length"));
            assertEquals(2, g.getLong("qwen3.attention.head_count_kv"));
            assertEquals("yarn", g.getString("qwen3.rope.scaling.type"));
            assertEquals(32768, g.getLong("qwen3.rope.scaling.original_context_length"));
            assertEquals(0.8782488562869419f, g.findDouble("qwen3.rope.scaling.yarn_attn_factor").orElseThrow()
                    .floatValue());
            assertFalse(g.has("qwen3.rope.dimension_count"));
            assertEquals(new TreeSet<>(List.of("token_embd.weight", "output.weight", "output_norm.weight",
                    "blk.0.attn_norm.weight", "blk.0.ffn_norm.weight", "blk.0.attn_q.weight", "blk.0.attn_k.weight",
                    "blk.0.attn_v.weight", "blk.0.attn_output.weight", "blk.0.attn_q_norm.weight",
                    "blk.0.attn_k_norm.weight", "blk.0.ffn_gate.weight", "blk.0.ffn_up.weight",
                    "blk.0.ffn_down.weight")), new TreeSet<>(g.tensors().keySet()));
            assertArrayEquals(new long[] {e, 4 * d}, g.tensor("blk.0.attn_q.weight").shape());
            assertArrayEquals(new long[] {d}, g.tensor("blk.0.attn_q_norm.weight").shape());
            assertEquals(GgmlType.F32, g.tensor("blk.0.attn_k_norm.weight").type());
            assertEquals(GgmlType.BF16, g.tensor("blk.0.attn_q.weight").type());
            assertEquals(32, g.getLong("general.file_type"));
        }
    }
}
