package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.KvCacheType;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.Sampler;
import io.jseek.model.SamplerParams;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with the real runner: concurrent greedy requests (chunked prefill, shared prefixes, batched decode)
 * produce exactly what the single-sequence {@link Model} produces for each prompt alone.
 */
@Timeout(120)
class PagedModelRunnerTest {
    private static final Path TOKENIZERS = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"),
            "tokenizer");

    @TempDir
    Path dir;

    private Path llama() throws Exception {
        RandomModelSpec spec = TinyModels.llamaLinear(GgmlType.Q8_0);
        Path file = dir.resolve("llama.gguf");
        RandomModelWriter.write(spec, TOKENIZERS.resolve(spec.vocab()), file);
        return file;
    }

    private Path deepseek2() throws Exception {
        RandomModelSpec spec = TinyDeepseek2Models.v3(GgmlType.Q8_0, true);
        Path file = dir.resolve("ds3.gguf");
        RandomModelWriter.write(spec, TOKENIZERS.resolve(spec.vocab()), file);
        return file;
    }

    @Test
    void llamaConcurrentGreedyMatchesSingleSequence() throws Exception {
        concurrentGreedyMatchesSingleSequence(llama());
    }

    @Test
    void qwen3ConcurrentGreedyMatchesSingleSequence() throws Exception {
        RandomModelSpec spec = TinyModels.qwen3(GgmlType.Q8_0);
        Path file = dir.resolve("qwen3.gguf");
        RandomModelWriter.write(spec, TOKENIZERS.resolve(spec.vocab()), file);
        concurrentGreedyMatchesSingleSequence(file);
    }

    @Test
    void deepseek2ConcurrentGreedyMatchesSingleSequence() throws Exception {
        concurrentGreedyMatchesSingleSequence(deepseek2());
    }

    private void concurrentGreedyMatchesSingleSequence(Path file) throws Exception {
        int[] shared = new java.util.Random(7).ints(9, 1, 30000).toArray();
        int[][] prompts = new int[4][];
        for (int i = 0; i < prompts.length; i++) {
            int[] tail = new java.util.Random(100 + i).ints(3 + 5 * i, 1, 30000).toArray();
            prompts[i] = i == 3 ? tail : concat(shared, tail); // three share a prefix, one does not
        }
        int maxTokens = 12;
        try (PagedModel model = (PagedModel) Models.load(file, ModelOptions.defaults().withThreads(2))) {
            EngineConfig config = new EngineConfig(4, 8, 16, 128);
            KvLayout layout = KvLayout.forModel(model, 4, 96);
            RamKvBlockStore store = new RamKvBlockStore(layout, model.kvCacheType());
            Engine engine = new Engine(config, PagedModelRunner.forEngine(model, store, config), layout,
                    CacheTier.NONE);
            List<RecordingSink> sinks = new ArrayList<>();
            for (int[] p : prompts) {
                RecordingSink sink = new RecordingSink();
                engine.submit(new Request(p, maxTokens, SamplerParams.greedy(), Set.of()), sink);
                sinks.add(sink);
            }
            drain(engine);
            for (int i = 0; i < prompts.length; i++) {
                assertEquals(greedy(model, prompts[i], maxTokens), sinks.get(i).tokens, "request " + i);
            }
            int[] late = concat(shared, new int[] {11, 12, 13});
            RecordingSink lateSink = new RecordingSink();
            engine.submit(new Request(late, maxTokens, SamplerParams.greedy(), Set.of()), lateSink);
            drain(engine);
            assertTrue(engine.metrics().prefixHitTokens() >= 8, "the shared prefix's full blocks are reused");
            assertEquals(greedy(model, late, maxTokens), lateSink.tokens, "request on a prefix-cache hit");
            engine.close();
        }
    }

    private static void drain(Engine engine) {
        int steps = 0;
        while (engine.runStep()) {
            assertTrue(++steps < 10_000, "engine does not settle");
        }
    }

    /** What {@link SingleSequence} alone generates greedily after {@code prompt}. */
    private static List<Integer> greedy(Model m, int[] prompt, int n) {
        SingleSequence s = new SingleSequence(m, prompt.length + n);
        Sampler sampler = new Sampler(SamplerParams.greedy(), m.config().vocabSize());
        int[] all = Arrays.copyOf(prompt, prompt.length + n);
        float[] logits = s.prefill(prompt, 0);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = prompt.length + i;
            int t = sampler.sample(logits, all, len);
            all[len] = t;
            out.add(t);
            if (i + 1 < n) {
                logits = s.forward(t, len);
            }
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fingerprintCoversWeightsAndKvFormat() throws Exception {
        Path a = llama();
        RandomModelSpec s = TinyModels.llamaLinear(GgmlType.Q8_0);
        RandomModelSpec reseeded = new RandomModelSpec(s.name(), s.architecture(), s.vocab(), s.embeddingLength(),
                s.blockCount(), s.headCount(), s.headCountKv(), s.feedForwardLength(), s.contextLength(),
                s.ropeFreqBase(), s.ropeLinearFactor(), s.llama3RopeFreqs(), s.tiedOutput(), s.weightType(),
                s.seed() + 1);
        Path b = dir.resolve("reseeded.gguf");
        RandomModelWriter.write(reseeded, TOKENIZERS.resolve(s.vocab()), b);
        try (PagedModel m = (PagedModel) Models.load(a, ModelOptions.defaults().withThreads(1));
             PagedModel again = (PagedModel) Models.load(a, ModelOptions.defaults().withThreads(1));
             PagedModel other = (PagedModel) Models.load(b, ModelOptions.defaults().withThreads(1))) {
            KvLayout layout = KvLayout.forModel(m, 4, 16);
            long fp = ModelFingerprint.of(m, layout);
            assertEquals(fp, ModelFingerprint.of(again, layout), "same file, same fingerprint");
            assertEquals(fp, ModelFingerprint.of(m, KvLayout.forModel(m, 4, 99)), "the pool size does not matter");
            assertNotEquals(fp, ModelFingerprint.of(other, layout), "same layout, other weights");
            assertNotEquals(fp, ModelFingerprint.of(m, KvLayout.forModel(m, 8, 16)), "other block size");
            for (KvCacheType type : List.of(KvCacheType.F32, KvCacheType.Q8_0)) {
                assertNotEquals(fp, ModelFingerprint.of(m.gguf(), layout, type), "KV cache type " + type);
            }
        }
    }
}
