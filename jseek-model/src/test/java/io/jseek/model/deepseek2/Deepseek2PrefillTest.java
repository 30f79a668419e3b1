package io.jseek.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.KvCacheType;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Deepseek2#prefill} (the batched step in chunks of {@value Deepseek2#PREFILL_CHUNK} over the state's own
 * cache) against token-by-token {@link Deepseek2#forward}: a prompt longer than a chunk, continued from a non-zero
 * position across the next chunk boundary, then decoded token by token from the cache the prefill wrote. For the
 * lite model (no q LoRA, legacy {@code attn_kv_b}) and the V3-style one (q LoRA, split {@code attn_k_b/attn_v_b}).
 *
 * <p>F32 weights and cache, 1e-4 relative, for the reasons given in {@code PagedForwardTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Deepseek2PrefillTest {
    private static final int CONTEXT = 192;
    private static final int FIRST = 70;   // one full chunk and a partial one
    private static final int SECOND = 80;  // from position 70, across the chunk boundary at 134
    private static final int DECODE = 3;
    private static final float TOLERANCE = 1e-4f;

    private final Map<String, Model> models = new HashMap<>();

    @BeforeAll
    void load(@TempDir Path dir) throws Exception {
        Path tok = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"), "tokenizer");
        Map<String, RandomModelSpec> specs = Map.of(
                "lite", TinyDeepseek2Models.v2Lite(GgmlType.F32, false).withLayers(4), // 27 layers: too chaotic
                "v3", TinyDeepseek2Models.v3(GgmlType.F32, true));
        for (Map.Entry<String, RandomModelSpec> e : specs.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".gguf");
            RandomModelWriter.write(e.getValue(), tok.resolve(e.getValue().vocab()), file);
            models.put(e.getKey(), Models.load(file, ModelOptions.defaults().withThreads(2).withCacheType(KvCacheType.F32)));
        }
    }

    @AfterAll
    void close() {
        models.values().forEach(Model::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lite", "v3"})
    void prefillMatchesTokenByToken(String name) {
        Model m = models.get(name);
        int[] tokens = new Random(7).ints(FIRST + SECOND + DECODE, 1, 30000).toArray();
        SingleSequence ref = new SingleSequence(m, CONTEXT);
        float[][] expected = new float[tokens.length][];
        for (int p = 0; p < tokens.length; p++) {
            expected[p] = ref.forward(tokens[p], p).clone();
        }
        SingleSequence s = new SingleSequence(m, CONTEXT);
        assertClose(expected[FIRST - 1], s.prefill(Arrays.copyOf(tokens, FIRST), 0), name + " first prefill");
        int end = FIRST + SECOND;
        assertClose(expected[end - 1], s.prefill(Arrays.copyOfRange(tokens, FIRST, end), FIRST),
                name + " continued prefill");
        for (int p = end; p < tokens.length; p++) {
            assertClose(expected[p], s.forward(tokens[p], p), name + " decode at " + p);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        float scale = 1f;
        float worst = 0f;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": max difference " + worst + " (scale " + scale + ")");
    }
}
