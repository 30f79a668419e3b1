package io.jseek.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.convert.safetensors.SafetensorsTestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that cannot be converted: one clear line each, and no output file (or partial file) left behind. */
class ConvertErrorsTest {
    @TempDir
    Path dir;

    private Path hf;
    private Path out;

    @BeforeEach
    void checkpoint() throws IOException {
        hf = Files.createDirectories(dir.resolve("hf"));
        out = dir.resolve("out.gguf");
        config(Map.of("architectures", List.of("Qwen2ForCausalLM"), "hidden_size", 4, "num_hidden_layers", 1,
                "num_attention_heads", 1, "rms_norm_eps", 1e-6));
        Files.writeString(hf.resolve("tokenizer.json"), "{}");
        new SafetensorsTestFile().addF32("model.norm.weight", new long[] {4}, new float[4])
                .write(hf.resolve("model.safetensors"));
    }

    private void config(Map<String, Object> config) throws IOException {
        new ObjectMapper().writeValue(hf.resolve("config.json").toFile(), config);
    }

    @Test
    void noConfig() throws IOException {
        Files.delete(hf.resolve("config.json"));
        assertFails("no config.json");
    }

    @Test
    void unknownModelType() throws IOException {
        config(Map.of("model_type", "mamba", "hidden_size", 4));
        assertFails("model_type 'mamba' is not supported; jseek converts LlamaForCausalLM, Qwen2ForCausalLM");
        config(Map.of("architectures", List.of("MambaForCausalLM")));
        assertFails("architecture 'MambaForCausalLM' is not supported");
    }

    @Test
    void missingShard() throws IOException {
        Files.writeString(hf.resolve("model.safetensors.index.json"), """
                {"weight_map": {"model.norm.weight": "model-00001-of-00002.safetensors",
                 "lm_head.weight": "model-00002-of-00002.safetensors"}}""");
        assertFails("missing shards model-00001-of-00002.safetensors, model-00002-of-00002.safetensors");
    }

    @Test
    void shardShorterThanItsHeader() throws IOException {
        Path shard = hf.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertFails("model.safetensors: the header describes 16 bytes of data but the file holds 12 (truncated?)");
    }

    @Test
    void unsupportedDtype() throws IOException {
        new SafetensorsTestFile().add("model.norm.weight", "I32", new long[] {4}, new byte[16])
                .write(hf.resolve("model.safetensors"));
        assertFails("tensor 'model.norm.weight' has dtype I32, which jseek does not convert");
    }

    @Test
    void fp8WithoutScale() throws IOException {
        new SafetensorsTestFile().add("lm_head.weight", "F8_E4M3", new long[] {2, 4}, new byte[8])
                .write(hf.resolve("model.safetensors"));
        assertFails("FP8 tensor 'lm_head.weight' has no lm_head.weight_scale_inv block scale");
    }

    @Test
    void unmappedTensor() throws IOException {
        new SafetensorsTestFile().addF32("model.layers.0.mlp.experts.0.up_proj.weight", new long[] {1}, new float[1])
                .write(hf.resolve("model.safetensors"));
        assertFails("tensor 'model.layers.0.mlp.experts.0.up_proj.weight' has no GGUF name for architecture qwen2");
    }

    @Test
    void malformedTokenizer() throws IOException {
        Files.writeString(hf.resolve("tokenizer.json"), "not json");
        assertFails("tokenizer.json: invalid JSON at line 1, column 1: Unrecognized token 'not'");
        Files.writeString(hf.resolve("tokenizer.json"), "{\"model\": [");
        assertFails("expected close marker for Array (start marker at line 1, column 11)");
        Files.writeString(hf.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Unigram\"}}");
        assertFails("unsupported tokenizer.json model type 'Unigram'");
    }

    private void assertFails(String message) {
        IOException e = assertThrows(IOException.class,
                () -> HfConverter.convert(hf, out, ConvertOptions.defaults(), ConvertProgress.NONE));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(e.getMessage().contains("REDACTED"), e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("out.gguf.partial")));
    }
}
