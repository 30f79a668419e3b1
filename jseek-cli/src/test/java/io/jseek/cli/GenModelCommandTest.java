package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.gguf.GgufFile;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.random.BenchQuant;
import io.jseek.model.random.BenchShapes;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jseek gen-model} on tiny stand-ins of the benchmark shapes (two layers, 256 wide, real vocabularies), and the
 * quant mixes of the real shapes checked against the published file sizes (../shared/docs/deepseek-spec.md §3.2)
 * without writing them.
 */
class GenModelCommandTest {
    @TempDir
    Path dir;

    private Path gen(String shape, String type) {
        Path out = dir.resolve(shape + "-" + type + ".gguf");
        RunCli r = RunCli.run("", "gen-model", "--shape", shape, "--type", type, "--out", out.toString(),
                "--vocab-dir", RunTestModel.TESTDATA.resolve("tokenizer").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(out.toString()), r.out());
        return out;
    }

    /** Loads the file and runs a few tokens: the random blocks must give finite logits. */
    private static void assertRuns(Path file) throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1))) {
            SingleSequence s = new SingleSequence(m, 8);
            float[] logits = s.prefill(BenchPrompt.tokens(3), 0);
            for (float v : logits) {
                assertTrue(Float.isFinite(v), "logit " + v);
            }
        }
    }

    @Test
    void llamaQ4KMediumFollowsTheLlamaCppMix() throws Exception {
        Path file = gen("coder-1.3b-tiny", "Q4_K_M");
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(15, g.getLong("general.file_type"));
            assertEquals(GgmlType.Q4_K, g.tensor("token_embd.weight").type());
            assertEquals(GgmlType.Q6_K, g.tensor("output.weight").type());
            assertEquals(GgmlType.Q4_K, g.tensor("blk.0.attn_v.weight").type());
            assertEquals(GgmlType.Q6_K, g.tensor("blk.1.attn_v.weight").type());
            assertEquals(GgmlType.Q6_K, g.tensor("blk.1.ffn_down.weight").type());
            assertEquals(GgmlType.F32, g.tensor("blk.0.attn_norm.weight").type());
            assertEquals(32256, g.tensor("token_embd.weight").dim(1));
        }
        assertRuns(file);
    }

    @Test
    void qwen2VocabularyIsPaddedToTheEmbeddingRows() throws Exception {
        Path file = gen("qwen2-1.5b-tiny", "Q4_0");
        try (GgufFile g = GgufFile.open(file)) {
            String[] tokens = g.getStringArray("tokenizer.ggml.tokens");
            assertEquals(151936, tokens.length);
            assertEquals("[PAD151935]", tokens[151935]);
            assertEquals(GgmlType.Q4_0, g.tensor("blk.0.ffn_down.weight").type());
            assertEquals(GgmlType.Q6_K, g.tensor("output.weight").type());
            assertTrue(g.findTensor("blk.0.attn_q.bias").isPresent());
        }
        assertRuns(file);
    }

    @Test
    void qwen3HasPerHeadNormsAndNoBiases() throws Exception {
        Path file = gen("qwen3-8b-tiny", "Q4_K_M");
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals("qwen3", g.getString("general.architecture"));
            assertEquals(64, g.getLong("qwen3.attention.key_length"));
            assertEquals(GgmlType.F32, g.tensor("blk.1.attn_q_norm.weight").type());
            assertEquals(64, g.tensor("blk.1.attn_k_norm.weight").dim(0));
            assertTrue(g.findTensor("blk.0.attn_q.bias").isEmpty());
            assertEquals(GgmlType.Q6_K, g.tensor("blk.1.attn_v.weight").type());
        }
        assertRuns(file);
    }

    @Test
    void deepseek2FallsBackWhereRowsAreNotWholeSuperBlocks() throws Exception {
        Path file = gen("v2-lite-tiny", "Q4_K_M");
        try (GgufFile g = GgufFile.open(file)) {
            // expert rows of 64 are not whole super-blocks: Q4_K becomes Q5_0 and the Q6_K of "more bits" layers Q8_0
            assertEquals(GgmlType.Q5_0, g.tensor("blk.3.ffn_down_exps.weight").type());
            assertEquals(GgmlType.Q8_0, g.tensor("blk.1.ffn_down_exps.weight").type());
            assertEquals(GgmlType.Q4_K, g.tensor("blk.1.ffn_gate_exps.weight").type());
            // llama.cpp (node-llama-cpp 3.21.1) treats attn_kv_b like attn_v: Q6_K in a "more bits" layer
            assertEquals(GgmlType.Q6_K, g.tensor("blk.1.attn_kv_b.weight").type());
            assertEquals(GgmlType.F32, g.tensor("blk.1.ffn_gate_inp.weight").type());
            assertEquals(4, g.getLong("deepseek2.expert_count"));
        }
        assertRuns(file);
    }

    @Test
    void realShapesHaveThePublishedSizes() {
        assertSize(1.89e9, BenchShapes.qwen2Small(), BenchQuant.Q8_0);
        assertSize(1.11e9, BenchShapes.qwen2Small(), BenchQuant.Q4_K_M);
        assertSize(8.71e9, BenchShapes.qwen3Distill(), BenchQuant.Q8_0);
        assertSize(5.03e9, BenchShapes.qwen3Distill(), BenchQuant.Q4_K_M);
        assertSize(16.70e9, BenchShapes.v2Lite(), BenchQuant.Q8_0);
        assertSize(10.36e9, BenchShapes.v2Lite(), BenchQuant.Q4_K_M);
    }

    private static void assertSize(double published, RandomModelSpec shape, BenchQuant quant) {
        long bytes = RandomModelWriter.tensorBytes(shape, quant);
        assertEquals(published, bytes, published * 0.01, shape.name() + " " + quant + ": " + bytes);
    }

    @Test
    void unknownShapeOrTypeIsOneError() {
        RunCli r = RunCli.run("", "gen-model", "--shape", "gpt-5", "--type", "Q4_0", "--out",
                dir.resolve("x.gguf").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("qwen2-1.5b"), r.err());
        assertEquals(1, RunCli.run("", "gen-model", "--shape", "v2-lite", "--type", "Q3_K", "--out",
                dir.resolve("x.gguf").toString()).exit());
    }

    @Test
    void aMissingOutputFolderIsCreatedAndSaidSo() {
        Path out = dir.resolve("new").resolve("folder").resolve("m.gguf");
        RunCli r = RunCli.run("", "gen-model", "--shape", "coder-1.3b-tiny", "--type", "Q8_0", "--out",
                out.toString(), "--vocab-dir", RunTestModel.TESTDATA.resolve("tokenizer").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("created folder " + out.getParent(), r.err().strip());
        assertTrue(java.nio.file.Files.isRegularFile(out));
    }

    @Test
    void theHelpSaysHowDeepTheTinyStandInsAre() {
        String help = RunCli.run("", "gen-model", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("v2-lite-tiny 27"), help);
        assertEquals(27, BenchShapes.byName("v2-lite-tiny").blockCount());
        assertEquals(2, BenchShapes.byName("coder-1.3b-tiny").blockCount());
    }
}
