package io.jseek.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.Model;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.RopeScaling;
import io.jseek.model.RopeType;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, configuration and invariants of the dense decoders on a tiny random llama (Q8_0, ~5 MB). */
class DenseModelTest {
    @TempDir
    static Path dir;
    static Path file;
    static final RandomModelSpec SPEC = TinyModels.llamaLinear(GgmlType.Q8_0);
    static final int[] PROMPT = {32013, 1551, 12606, 7, 77, 1772, 185};

    @BeforeAll
    static void write() throws Exception {
        file = dir.resolve("tiny.gguf");
        RandomModelWriter.write(SPEC, Path.of(System.getProperty("jseek.testdata"), "tokenizer", SPEC.vocab()), file);
    }

    @Test
    void sameSpecGivesByteIdenticalFile() throws Exception {
        Path again = dir.resolve("again.gguf");
        RandomModelWriter.write(SPEC, Path.of(System.getProperty("jseek.testdata"), "tokenizer", SPEC.vocab()), again);
        assertEquals(-1, Files.mismatch(file, again));
    }

    @Test
    void configComesFromMetadata() throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1))) {
            ModelConfig c = m.config();
            assertEquals("llama", c.architecture());
            assertEquals(64, c.embeddingLength());
            assertEquals(32256, c.vocabSize());
            assertEquals(4, c.headCount(1));
            assertEquals(2, c.headCountKv(1));
            assertEquals(16, c.keyLength());
            assertEquals(RopeType.NORM, c.rope().type());
            assertEquals(RopeScaling.LINEAR, c.rope().scaling());
            assertEquals(0.25f, c.rope().freqScale());
            assertEquals(100000f, c.rope().freqBase());
            assertTrue(m instanceof Llama);
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() throws Exception {
        assertArrayEquals(run(1), run(3), 1e-5f, "equal up to warm-up differences of the Vector API reductions");
    }

    private static float[] run(int threads) throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(threads))) {
            return new SingleSequence(m, 32).prefill(PROMPT, 0).clone();
        }
    }

    @Test
    void rewindingRecomputesTheSameLogits() throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1))) {
            SingleSequence s = new SingleSequence(m, 32);
            float[] first = s.prefill(PROMPT, 0).clone();
            s.forward(42, PROMPT.length);
            assertArrayEquals(first, s.forward(PROMPT[PROMPT.length - 1], PROMPT.length - 1), 1e-5f);
        }
    }

    @Test
    void checkpointsReportEveryStageInOrder() throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1))) {
            SingleSequence s = new SingleSequence(m, 8);
            List<String> names = new ArrayList<>();
            float[][] attnNorm = new float[1][];
            s.setCheckpoints((name, layer, buffer, rows, width) -> {
                names.add(name + "@" + layer);
                if (name.equals("attn_norm") && layer == 1) {
                    assertEquals(1, rows);
                    attnNorm[0] = java.util.Arrays.copyOf(buffer, rows * width);
                }
            });
            s.forward(100, 0);
            assertEquals(List.of("inp_embd@-1", "attn_norm@0", "Qcur@0", "Kcur@0", "Vcur@0", "kqv_out@0",
                    "attn_out@0", "ffn_inp@0", "ffn_norm@0", "ffn_out@0", "l_out@0"), names.subList(0, 11));
            assertEquals("result_output@-1", names.getLast());
            assertNotNull(attnNorm[0]);
            assertEquals(64, attnNorm[0].length);
        }
    }
}
