package io.jseek.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.convert.HfCheckpointWriter.Encoding;
import io.jseek.gguf.GgufFile;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny random models written twice: directly as GGUF by jseek's model writers, and as a Hugging Face checkpoint made
 * from the same tensors (names, shapes and llama's rotary permutation undone by {@link HfExport}). Converting the
 * checkpoint to F32 must give exactly the tensors of the direct GGUF (after the checkpoint's own rounding to BF16 or
 * FP8), and jseek must compute bit-identical logits from both files (with its scalar kernels, see the pom).
 */
class ConvertModelsTest {
    private static final int[] TOKENS = {1, 100, 2000, 50000, 7};
    private static final Path V3_TOKENIZER = TestData.tokenizer("deepseek-v3.tokenizer.json");
    private static final Path V3_TOKENIZER_CONFIG = TestData.tokenizer("deepseek-v3.tokenizer_config.json");

    @TempDir
    Path dir;

    @Test
    void llamaF32TwoShards() throws IOException {
        RandomModelSpec spec = new RandomModelSpec("conv-llama", "llama", "ggml-vocab-deepseek-v3.gguf", 64, 2, 4, 2,
                128, 512, 100000f, 4f, false, true, GgmlType.F32, 1234);
        Map<String, GgufTensors.T> tensors = writeLlama(spec, 2, Map.of("rope_theta", 100000.0,
                "rope_scaling", Map.of("type", "linear", "factor", 4.0)));
        checkConversion(dir.resolve("hf"), tensors, dir.resolve("direct.gguf"), "llama-f32");
    }

    @Test
    void llama3RopeFreqsAreGenerated() throws IOException {
        RandomModelSpec spec = new RandomModelSpec("conv-llama3", "llama", "ggml-vocab-deepseek-v3.gguf", 64, 2, 4, 1,
                128, 512, 500000f, 0f, true, true, GgmlType.F32, 77);
        Map<String, GgufTensors.T> tensors = writeLlama(spec, 1, Map.of("num_key_value_heads", 1,
                "rope_theta", 500000.0, "rope_scaling", Map.of("rope_type", "llama3", "factor", 8.0,
                        "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 8192)));
        // the converter computes in f32 like llama.cpp's torch code (numpy float32 agrees: factor[4] = 2.69453),
        // the direct writer in double: at most one ulp apart; the rest of the check then uses the f32 values
        Path hf = dir.resolve("hf");
        Path converted = dir.resolve("llama3.gguf");
        HfConverter.convert(hf, converted, new ConvertOptions(OutputType.F32, false), ConvertProgress.NONE);
        float[] ours = GgufTensors.read(converted).get("rope_freqs.weight").values();
        float[] writer = tensors.get("rope_freqs.weight").values();
        for (int i = 0; i < ours.length; i++) {
            assertEquals(writer[i], ours[i], Math.ulp(writer[i]), "rope_freqs[" + i + "]");
        }
        assertEquals(2.69453f, ours[4]);
        tensors.put("rope_freqs.weight", new GgufTensors.T(new long[] {ours.length}, ours));
        checkConversion(hf, tensors, dir.resolve("direct.gguf"), "llama3-f32");
    }

    @Test
    void qwen2Bf16() throws IOException {
        checkQwen(TinyModels.qwen2(GgmlType.F32), "Qwen2ForCausalLM", Map.of("rope_theta", 10000.0), 1,
                Encoding.BF16, "qwen2-bf16");
    }

    @Test
    void qwen3F16() throws IOException {
        RandomModelSpec spec = TinyModels.qwen3(GgmlType.F32);
        checkQwen(spec, "Qwen3ForCausalLM", Map.of("rope_theta", 1000000.0, "head_dim", spec.headDim(),
                "tie_word_embeddings", false), 2, Encoding.F16, "qwen3-f16");
    }

    /** A Qwen checkpoint of {@code spec} in {@code shards} files of {@code encoding} converts to the direct GGUF. */
    private void checkQwen(RandomModelSpec spec, String architecture, Map<String, Object> extra, int shards,
                           Encoding encoding, String label) throws IOException {
        Path direct = dir.resolve("direct.gguf");
        Map<String, GgufTensors.T> tensors = writeDirect(spec, direct);
        Path hf = new HfCheckpointWriter(dir.resolve("hf"), shards)
                .tensors(HfExport.export(tensors, null), t -> encoding)
                .write(denseConfig(architecture, 151669, extra), TestData.tokenizer("qwen.tokenizer.json"), null);
        checkConversion(hf, tensors, direct, label);
    }

    @Test
    void deepseekV3F32MatchesTheSplitMlaWriter() throws IOException {
        Path split = dir.resolve("split.gguf");
        Map<String, GgufTensors.T> tensors = writeV3(split);
        Path hf = new HfCheckpointWriter(dir.resolve("hf"), 3)
                .tensors(HfExport.export(tensors, null), t -> Encoding.F32)
                .write(deepseekV3Config(false), V3_TOKENIZER, V3_TOKENIZER_CONFIG);
        Map<String, GgufTensors.T> expected = splitKvB(tensors);
        Map<String, GgufTensors.T> writer = GgufTensors.read(split);
        assertEquals(new TreeSet<>(writer.keySet()), new TreeSet<>(expected.keySet()));
        writer.forEach((name, t) -> assertArrayEquals(t.values(), expected.get(name).values(), name));
        checkConversion(hf, expected, split, "ds3-f32");
    }

    @Test
    void deepseekV3Fp8WithBlockScalesDropsTheMtpLayer() throws IOException {
        Path split = dir.resolve("split.gguf");
        Map<String, GgufTensors.T> tensors = writeV3(split);
        List<HfExport.HfTensor> hfTensors = new java.util.ArrayList<>(HfExport.export(tensors, null));
        hfTensors.addAll(mtpLayer(3));
        Path hf = new HfCheckpointWriter(dir.resolve("hf"), 2)
                .fp8Block(16, 32)
                .tensors(hfTensors, ConvertModelsTest::deepseekDtype)
                .write(deepseekV3Config(true), V3_TOKENIZER, V3_TOKENIZER_CONFIG);
        checkConversion(hf, splitKvB(tensors), split, "ds3-fp8");

        Path kept = dir.resolve("mtp.gguf");
        HfConverter.convert(hf, kept, new ConvertOptions(OutputType.F32, true), ConvertProgress.NONE);
        try (GgufFile g = GgufFile.open(kept)) {
            assertEquals(4, g.getLong("deepseek2.block_count"));
            assertEquals(1, g.getLong("deepseek2.nextn_predict_layers"));
            for (String name : List.of("blk.3.nextn.eh_proj.weight", "blk.3.nextn.enorm.weight",
                    "blk.3.nextn.hnorm.weight", "blk.3.nextn.shared_head_norm.weight", "blk.3.attn_norm.weight")) {
                assertTrue(g.findTensor(name).isPresent(), name);
            }
        }
    }

    /**
     * Writes {@code spec} to {@code direct.gguf} and as the F32 llama checkpoint {@code hf} in {@code shards} files
     * (the spec's heads for the rotary permutation), with DeepSeek V3's tokenizer and {@code config} over the dense
     * defaults; the direct file's tensors.
     */
    private Map<String, GgufTensors.T> writeLlama(RandomModelSpec spec, int shards, Map<String, Object> config)
            throws IOException {
        Map<String, GgufTensors.T> tensors = writeDirect(spec, dir.resolve("direct.gguf"));
        new HfCheckpointWriter(dir.resolve("hf"), shards)
                .tensors(HfExport.export(tensors, new int[] {spec.headCount(), spec.headCountKv()}), t -> Encoding.F32)
                .write(denseConfig("LlamaForCausalLM", 128815, config), V3_TOKENIZER, V3_TOKENIZER_CONFIG);
        return tensors;
    }

    /** Writes {@code spec} with its vocabulary to {@code direct}; its tensors. */
    private static Map<String, GgufTensors.T> writeDirect(RandomModelSpec spec, Path direct) throws IOException {
        RandomModelWriter.write(spec, TestData.tokenizer(spec.vocab()), direct);
        return GgufTensors.read(direct);
    }

    /**
     * The tiny V3 written twice: with the legacy {@code kv_b} (its tensors, returned, are what the checkpoint is made
     * of) and with the MLA split into {@code split} (what a conversion must equal, see {@link #splitKvB}).
     */
    private Map<String, GgufTensors.T> writeV3(Path split) throws IOException {
        Path legacy = dir.resolve("legacy.gguf");
        Path vocab = TestData.tokenizer("ggml-vocab-deepseek-v3.gguf");
        RandomModelWriter.write(TinyDeepseek2Models.v3(GgmlType.F32, false), vocab, legacy);
        RandomModelWriter.write(TinyDeepseek2Models.v3(GgmlType.F32, true), vocab, split);
        return GgufTensors.read(legacy);
    }

    /** V3's dtypes: FP8 for the block linears, F32 for the score bias, BF16 for the rest. */
    private static Encoding deepseekDtype(HfExport.HfTensor t) {
        String n = t.name();
        if (n.endsWith("e_score_correction_bias")) {
            return Encoding.F32;
        }
        boolean linear = (n.contains(".self_attn.") || n.contains(".mlp.") || n.endsWith("eh_proj.weight"))
                && n.endsWith("proj.weight") || n.endsWith("proj_with_mqa.weight");
        return linear ? Encoding.FP8 : Encoding.BF16;
    }

    /** A few tensors of an MTP block at layer {@code layer} (values irrelevant: they are dropped or renamed). */
    private static List<HfExport.HfTensor> mtpLayer(int layer) {
        String p = "model.layers." + layer + ".";
        GgufTensors.T vec = new GgufTensors.T(new long[] {64}, new float[64]);
        float[] w = new float[64 * 128];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 17) / 17f - 0.5f;
        }
        return List.of(new HfExport.HfTensor(p + "enorm.weight", new long[] {64}, vec, null),
                new HfExport.HfTensor(p + "hnorm.weight", new long[] {64}, vec, null),
                new HfExport.HfTensor(p + "shared_head.norm.weight", new long[] {64}, vec, null),
                new HfExport.HfTensor(p + "input_layernorm.weight", new long[] {64}, vec, null),
                new HfExport.HfTensor(p + "eh_proj.weight", new long[] {64, 128},
                        new GgufTensors.T(new long[] {128, 64}, w), null));
    }

    /**
     * Legacy kv_b → MLA-split k_b {nope, L, H} and v_b {L, v, H}, from the definition (../shared/docs/deepseek-spec.md
     * §2.4.4).
     */
    private static Map<String, GgufTensors.T> splitKvB(Map<String, GgufTensors.T> legacy) {
        RandomModelSpec s = TinyDeepseek2Models.v3(GgmlType.F32, true);
        int heads = s.headCount();
        int nope = s.mla().nopeDim();
        int v = s.mla().valueDim();
        int latent = s.mla().kvLoraRank();
        Map<String, GgufTensors.T> out = new LinkedHashMap<>();
        legacy.forEach((name, t) -> {
            if (!name.endsWith("attn_kv_b.weight")) {
                out.put(name, t);
                return;
            }
            String p = name.substring(0, name.length() - "attn_kv_b.weight".length());
            float[] kb = new float[heads * latent * nope];
            float[] vb = new float[heads * v * latent];
            for (int h = 0; h < heads; h++) {
                for (int c = 0; c < latent; c++) {
                    for (int d = 0; d < nope; d++) {
                        kb[(h * latent + c) * nope + d] = t.values()[(h * (nope + v) + d) * latent + c];
                    }
                    for (int j = 0; j < v; j++) {
                        vb[(h * v + j) * latent + c] = t.values()[(h * (nope + v) + nope + j) * latent + c];
                    }
                }
            }
            out.put(p + "attn_k_b.weight", new GgufTensors.T(new long[] {nope, latent, heads}, kb));
            out.put(p + "attn_v_b.weight", new GgufTensors.T(new long[] {latent, v, heads}, vb));
        });
        return out;
    }

    /**
     * Converts {@code hf} to F32 and checks: the same tensor names, shapes and values as {@code expected}; and the
     * same logits as {@code expected} written with {@code metadataFrom}'s metadata. With
     * {@code -Djseek.convert.keep=DIR} both files are kept as {@code DIR/NAME.gguf} and {@code DIR/NAME.direct.gguf}
     * for tools/oracle/convert.
     */
    private void checkConversion(Path hf, Map<String, GgufTensors.T> expected, Path metadataFrom, String name)
            throws IOException {
        Path converted = dir.resolve("converted.gguf");
        HfConverter.convert(hf, converted, new ConvertOptions(OutputType.F32, false), ConvertProgress.NONE);
        Map<String, GgufTensors.T> actual = GgufTensors.read(converted);
        Set<String> names = new TreeSet<>(expected.keySet());
        assertEquals(names, new TreeSet<>(actual.keySet()));
        for (String tensor : names) {
            assertArrayEquals(expected.get(tensor).ne(), actual.get(tensor).ne(), tensor);
            assertArrayEquals(expected.get(tensor).values(), actual.get(tensor).values(), tensor);
        }
        Path reference = dir.resolve("expected.gguf");
        GgufTensors.write(expected, metadataFrom, reference);
        assertArrayEquals(logits(reference), logits(converted));
        String keep = System.getProperty("jseek.convert.keep");
        if (keep != null) {
            Path keepDir = Files.createDirectories(Path.of(keep));
            Files.copy(converted, keepDir.resolve(name + ".gguf"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(reference, keepDir.resolve(name + ".direct.gguf"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static float[] logits(Path gguf) throws IOException {
        try (Model m = Models.load(gguf, ModelOptions.defaults().withThreads(1))) {
            SingleSequence state = new SingleSequence(m, 16);
            float[] all = new float[0];
            for (int pos = 0; pos < TOKENS.length; pos++) {
                float[] l = state.forward(TOKENS[pos], pos);
                float[] grown = java.util.Arrays.copyOf(all, all.length + l.length);
                System.arraycopy(l, 0, grown, all.length, l.length);
                all = grown;
            }
            return all;
        }
    }

    static Map<String, Object> denseConfig(String cls, int vocab, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(Map.of("architectures", List.of(cls), "hidden_size", 64,
                "intermediate_size", 128, "num_hidden_layers", 2, "num_attention_heads", 4,
                "num_key_value_heads", 2, "max_position_embeddings", 512, "rms_norm_eps", 1e-6,
                "tie_word_embeddings", true, "vocab_size", vocab));
        c.putAll(extra);
        return c;
    }

    private static Map<String, Object> deepseekV3Config(boolean fp8) {
        Map<String, Object> c = new HashMap<>(Map.ofEntries(
                Map.entry("architectures", List.of("DeepseekV3ForCausalLM")), Map.entry("model_type", "deepseek_v3"),
                Map.entry("hidden_size", 64), Map.entry("intermediate_size", 96),
                Map.entry("moe_intermediate_size", 32), Map.entry("num_hidden_layers", 3),
                Map.entry("num_nextn_predict_layers", 1), Map.entry("num_attention_heads", 4),
                Map.entry("num_key_value_heads", 4), Map.entry("q_lora_rank", 32), Map.entry("kv_lora_rank", 32),
                Map.entry("qk_nope_head_dim", 32), Map.entry("qk_rope_head_dim", 16), Map.entry("v_head_dim", 32),
                Map.entry("n_routed_experts", 16), Map.entry("n_shared_experts", 1),
                Map.entry("num_experts_per_tok", 4), Map.entry("first_k_dense_replace", 1), Map.entry("n_group", 4),
                Map.entry("topk_group", 2), Map.entry("routed_scaling_factor", 2.5),
                Map.entry("norm_topk_prob", true), Map.entry("scoring_func", "sigmoid"),
                Map.entry("topk_method", "noaux_tc"), Map.entry("rms_norm_eps", 1e-6),
                Map.entry("rope_theta", 10000.0), Map.entry("max_position_embeddings", 163840),
                Map.entry("rope_scaling", Map.of("type", "yarn", "factor", 40.0,
                        "original_max_position_embeddings", 4096, "mscale", 1.0, "mscale_all_dim", 1.0,
                        "beta_fast", 32, "beta_slow", 1)),
                Map.entry("tie_word_embeddings", true), Map.entry("vocab_size", 128815)));
        if (fp8) {
            c.put("quantization_config", Map.of("activation_scheme", "dynamic", "fmt", "e4m3",
                    "quant_method", "fp8", "weight_block_size", List.of(16, 32)));
        }
        return c;
    }
}
