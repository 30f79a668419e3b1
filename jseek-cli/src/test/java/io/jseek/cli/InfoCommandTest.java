package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.HeapKvPages;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void deepseek2ReportsTheLatentCacheAndItsSaving() throws Exception {
        // V2-Lite attention shapes: 16 heads, nope 128 + rope 64 keys, 128 values, kv_lora_rank 512.
        Path file = dir.resolve("lite.gguf");
        new GgufWriter()
                .putString("general.architecture", "deepseek2")
                .putString("general.name", "tiny-lite")
                .putUint32("deepseek2.context_length", 163840)
                .putUint32("deepseek2.embedding_length", 2048)
                .putUint32("deepseek2.block_count", 27)
                .putUint32("deepseek2.attention.head_count", 16)
                .putUint32("deepseek2.attention.head_count_kv", 16)
                .putUint32("deepseek2.attention.key_length", 192)
                .putUint32("deepseek2.attention.value_length", 128)
                .putUint32("deepseek2.attention.kv_lora_rank", 512)
                .putUint32("deepseek2.rope.dimension_count", 64)
                .putString("tokenizer.ggml.model", "gpt2")
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, new String[] {"a", "b"})
                .putString("tokenizer.chat_template", "{{ messages }}")
                .addTensor("token_embd.weight", GgmlType.Q8_0, new long[] {32, 2}, new byte[68])
                .addTensor("output_norm.weight", new long[] {32}, new float[32])
                .write(file);
        RunCli r = RunCli.exec("info", "--model", file.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("deepseek2", j.get("architecture").asText());
        assertEquals(27L * (512 + 64) * Short.BYTES, j.get("kvBytesPerToken").asLong());
        assertEquals(27L * 16 * (192 + 128) * Short.BYTES, j.get("kvBytesPerTokenMha").asLong());
        assertEquals(96, j.get("parameters").asLong());
        assertEquals(68, j.get("quantMixBytes").get("Q8_0").asLong());
        assertTrue(j.get("chatTemplate").asBoolean());
        assertEquals(2, j.get("tensors").size());
        assertEquals(Files.size(file), j.get("fileBytes").asLong());

        RunCli text = RunCli.exec("info", "--model", file.toString());
        assertTrue(text.out().contains("smaller than plain multi-head caching"), text.out());
        assertTrue(text.out().contains("token_embd.weight"), text.out());
    }

    @Test
    void groupedQueryAttentionCachesOnlyKvHeads() throws Exception {
        Path file = dir.resolve("qwen.gguf");
        new GgufWriter()
                .putString("general.architecture", "qwen2")
                .putUint32("qwen2.block_count", 28)
                .putUint32("qwen2.embedding_length", 1536)
                .putUint32("qwen2.attention.head_count", 12)
                .putUint32("qwen2.attention.head_count_kv", 2)
                .write(file);
        JsonNode j = new ObjectMapper().readTree(RunCli.exec("info", "--model", file.toString(), "--json").out());
        assertEquals(28L * 2 * 2 * 128 * Short.BYTES, j.get("kvBytesPerToken").asLong());
    }

    @Test
    void kvBytesPerTokenAreWhatTheCacheHolds() throws Exception {
        RandomModelSpec mla = TinyDeepseek2Models.v2Lite(GgmlType.Q8_0, false);
        Path ds2 = dir.resolve("ds2.gguf");
        RandomModelWriter.write(mla, RunTestModel.TESTDATA.resolve("tokenizer").resolve(mla.vocab()), ds2);
        for (Path file : List.of(ds2, RunTestModel.file())) {
            JsonNode j = new ObjectMapper().readTree(RunCli.exec("info", "--model", file.toString(), "--json").out());
            try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1))) {
                long held = new HeapKvPages((PagedModel) m, 1, 1).bytesPerPosition();
                assertEquals(held, j.get("kvBytesPerToken").asLong(), file.toString());
                assertEquals(held, ModelSummary.kvBytesPerToken(m.gguf(), ((PagedModel) m).kvCacheType()), "bench's number");
            }
        }
    }

    @Test
    void qwen3HeadsWiderThanEmbeddingPerHeadAreCached() throws Exception {
        // R1-0528-Qwen3-8B: 36 layers, 8 KV heads of 128; Qwen3-0.6B-like width to make key_length matter
        Path file = dir.resolve("qwen3.gguf");
        new GgufWriter()
                .putString("general.architecture", "qwen3")
                .putUint32("qwen3.block_count", 36)
                .putUint32("qwen3.embedding_length", 1024)
                .putUint32("qwen3.attention.head_count", 16)
                .putUint32("qwen3.attention.head_count_kv", 8)
                .putUint32("qwen3.attention.key_length", 128)
                .putUint32("qwen3.attention.value_length", 128)
                .write(file);
        JsonNode j = new ObjectMapper().readTree(RunCli.exec("info", "--model", file.toString(), "--json").out());
        assertEquals("qwen3", j.get("architecture").asText());
        assertEquals(36L * 8 * (128 + 128) * Short.BYTES, j.get("kvBytesPerToken").asLong());
    }

    @Test
    void vocabOnlyFileAndBadFilesGetClearMessages() throws Exception {
        Path vocab = Path.of(System.getProperty("jseek.testdata"), "tokenizer", "ggml-vocab-deepseek-llm.gguf");
        RunCli ok = RunCli.exec("info", "--model", vocab.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("deepseek-llm"), ok.out());

        Path bad = dir.resolve("bad.gguf");
        Files.writeString(bad, "this is not a model at all, just text");
        RunCli r = RunCli.exec("info", "--model", bad.toString());
        assertEquals(1, r.exit());
        assertEquals("jseek: " + bad + ": not a GGUF file (magic 0x73696874, expected \"GGUF\")", r.err().strip());

        RunCli missing = RunCli.exec("info", "--model", dir.resolve("nope.gguf").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.gguf"), missing.err());
    }

    @Test
    void helpListsTheCommands() {
        RunCli r = RunCli.exec("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("info"), r.out());
        assertTrue(r.out().contains("gen-model"), r.out());
    }
}
