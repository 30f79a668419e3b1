package io.jseek.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.convert.safetensors.SafetensorsTestFile;
import io.jseek.gguf.GgufFile;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer of a converted checkpoint against the vocab GGUFs of the test data, built from the same
 * tokenizer.json files: the same {@code tokenizer.*} metadata and the same ids on every shared test vector.
 *
 * <p>Known differences, each asserted exactly: llama.cpp's converter stores added tokens that look special
 * ({@code <｜User｜>}, {@code <|fim_prefix|>}) as CONTROL where the reference files say USER_DEFINED (jseek's loader
 * promotes them the same way at load time); the converter writes the padding id and {@code add_eos_token} that
 * tokenizer_config.json declares; and Qwen's check-text hash is llama.cpp's {@code qwen2} where the reference file was
 * named {@code deepseek-r1-qwen} (the same pre-tokenizer in llama.cpp).
 */
class ConvertTokenizerTest {
    @TempDir
    Path dir;

    @Test
    void deepseekV3() throws IOException {
        Path gguf = convert(TestData.tokenizer("deepseek-v3.tokenizer.json"),
                TestData.tokenizer("deepseek-v3.tokenizer_config.json"), Map.of());
        try (GgufFile ours = GgufFile.open(gguf);
             GgufFile ref = GgufFile.open(TestData.tokenizer("ggml-vocab-deepseek-v3.gguf"))) {
            assertSameTokenizer(ref, ours, "deepseek-v3", 14);
            assertEquals(Set.of("tokenizer.ggml.padding_token_id", "tokenizer.ggml.add_eos_token",
                    "tokenizer.chat_template"), extraKeys(ref, ours));
            assertEquals(1, ours.getLong("tokenizer.ggml.padding_token_id"));
            assertEquals(false, ours.findBoolean("tokenizer.ggml.add_eos_token").orElseThrow());
            String template = new ObjectMapper().readTree(TestData.tokenizer("deepseek-v3.tokenizer_config.json")
                    .toFile()).path("chat_template").asText();
            assertEquals(template, ours.getString("tokenizer.chat_template"));
            assertVectors(ours, "deepseek-v3");
        }
    }

    @Test
    void qwen() throws IOException {
        Path config = Files.writeString(dir.resolve("qwen.tokenizer_config.json"),
                "{\"add_bos_token\": false, \"bos_token\": null, \"eos_token\": \"<|endoftext|>\"}");
        Path gguf = convert(TestData.tokenizer("qwen.tokenizer.json"), config, Map.of("bos_token_id", 151643));
        try (GgufFile ours = GgufFile.open(gguf);
             GgufFile ref = GgufFile.open(TestData.tokenizer("ggml-vocab-deepseek-r1-qwen.gguf"))) {
            assertEquals("deepseek-r1-qwen", ref.getString("tokenizer.ggml.pre"));
            assertEquals("qwen2", ours.getString("tokenizer.ggml.pre"));
            assertSameTokenizer(ref, ours, "tokenizer.ggml.pre", 6);
            // bos_token null in tokenizer_config.json: config.json's bos_token_id fills in, as in gguf-py
            assertEquals(Set.of("tokenizer.ggml.bos_token_id"), extraKeys(ref, ours));
            assertVectors(ours, "deepseek-r1-qwen");
        }
    }

    /** A one-tensor llama checkpoint with the given tokenizer files (vocab_size from the tokenizer). */
    private Path convert(Path tokenizerJson, Path tokenizerConfig, Map<String, Object> extraConfig)
            throws IOException {
        Path hf = Files.createDirectories(dir.resolve("hf"));
        new SafetensorsTestFile().addF32("model.norm.weight", new long[] {8}, new float[8])
                .write(hf.resolve("model.safetensors"));
        Map<String, Object> config = new java.util.HashMap<>(Map.of("architectures", List.of("LlamaForCausalLM"),
                "hidden_size", 8, "num_hidden_layers", 1, "num_attention_heads", 2, "rms_norm_eps", 1e-5));
        config.putAll(extraConfig);
        new ObjectMapper().writeValue(hf.resolve("config.json").toFile(), config);
        Files.copy(tokenizerJson, hf.resolve("tokenizer.json"));
        Files.copy(tokenizerConfig, hf.resolve("tokenizer_config.json"));
        Path out = dir.resolve("out.gguf");
        HfConverter.convert(hf, out, ConvertOptions.defaults(), ConvertProgress.NONE);
        return out;
    }

    /**
     * Every {@code tokenizer.*} key of the reference is in ours with the same value, but {@code skipKey} and the
     * token types of the {@code promoted} user-defined tokens that look special, which ours stores as CONTROL.
     */
    private static void assertSameTokenizer(GgufFile ref, GgufFile ours, String skipKey, int promoted)
            throws IOException {
        for (String key : ref.metadata().keySet()) {
            if (!key.startsWith("tokenizer.") || key.equals(skipKey) || key.equals("tokenizer.ggml.token_type")) {
                continue;
            }
            Object expected = ref.metadata().get(key);
            Object actual = ours.metadata().get(key);
            if (expected instanceof Object[] array) {
                assertArrayEquals(array, (Object[]) actual, key);
            } else {
                assertEquals(expected, actual, key);
            }
        }
        String[] tokens = ref.getStringArray("tokenizer.ggml.tokens");
        int[] refTypes = ref.getIntArray("tokenizer.ggml.token_type");
        int[] ourTypes = ours.getIntArray("tokenizer.ggml.token_type");
        assertEquals(refTypes.length, ourTypes.length);
        List<String> changed = new ArrayList<>();
        for (int id = 0; id < refTypes.length; id++) {
            if (refTypes[id] != ourTypes[id]) {
                String t = tokens[id];
                boolean looksSpecial = (t.startsWith("<|") && t.endsWith("|>"))
                        || (t.startsWith("<\uFF5C") && t.endsWith("\uFF5C>"));
                assertTrue(refTypes[id] == 4 && ourTypes[id] == 3 && looksSpecial, id + " " + t + ": "
                        + refTypes[id] + " → " + ourTypes[id]);
                changed.add(t);
            }
        }
        assertEquals(promoted, changed.size(), changed.toString());
    }

    private static Set<String> extraKeys(GgufFile ref, GgufFile ours) {
        Set<String> extra = new TreeSet<>();
        for (String key : ours.metadata().keySet()) {
            if (key.startsWith("tokenizer.") && !ref.has(key)) {
                extra.add(key);
            }
        }
        return extra;
    }

    /** llama.cpp's test vectors (no BOS, specials not parsed) through the converted file's tokenizer. */
    private static void assertVectors(GgufFile gguf, String vocab) throws IOException {
        Tokenizer tokenizer = Tokenizers.fromGguf(gguf);
        String inp = Files.readString(TestData.tokenizer("ggml-vocab-" + vocab + ".gguf.inp"), StandardCharsets.UTF_8);
        List<String> out = Files.readAllLines(TestData.tokenizer("ggml-vocab-" + vocab + ".gguf.out"));
        List<String> texts = new ArrayList<>(Arrays.asList(inp.split("\n__ggml_vocab_test__\n", -1)));
        texts.removeLast();
        assertEquals(out.size(), texts.size());
        assertTrue(texts.size() >= 46);
        for (int i = 0; i < texts.size(); i++) {
            String line = out.get(i).strip();
            int[] expected = line.isEmpty() ? new int[0]
                    : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(expected, tokenizer.encode(texts.get(i), false, false), "vector " + i);
        }
    }
}
