package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregate decode throughput of the real runner at 1, 4 and 8 concurrent sequences on a small-but-not-tiny model
 * (hidden 512, 8 layers, Q8_0), printed and not asserted: CI machines are too noisy for a threshold. Batched decode
 * reads every weight once per step, so 8 sequences should cost far less than 8 times one.
 */
@Timeout(600)
class PagedDecodeThroughputTest {
    private static final int BLOCK = 16;
    private static final int PROMPT = 16;
    private static final int STEPS = 12;

    @Test
    void decodeThroughputAt1And4And8Sequences(@TempDir Path dir) throws Exception {
        RandomModelSpec spec = new RandomModelSpec("bench-512x8", "llama", "ggml-vocab-deepseek-coder.gguf", 512, 8,
                8, 8, 1536, 2048, 10000f, 0f, false, false, GgmlType.Q8_0, 99);
        Path file = dir.resolve("bench.gguf");
        RandomModelWriter.write(spec, Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"),
                "tokenizer", spec.vocab()), file);
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        try (PagedModel model = (PagedModel) Models.load(file, ModelOptions.defaults().withThreads(threads))) {
            KvLayout layout = KvLayout.forModel(model, BLOCK, 8 * 4);
            RamKvBlockStore store = new RamKvBlockStore(layout);
            PagedModelRunner runner = new PagedModelRunner(model, store, 8 * PROMPT, 8, 4 * BLOCK);
            decodeTokensPerSecond(runner, 8); // warm-up: JIT and page cache
            double one = decodeTokensPerSecond(runner, 1);
            double four = decodeTokensPerSecond(runner, 4);
            double eight = decodeTokensPerSecond(runner, 8);
            System.out.printf("paged decode, %s, %d threads: 1 seq %.1f tok/s, 4 seqs %.1f tok/s (%.2fx), 8 seqs %.1f"
                    + " tok/s (%.2fx)%n", spec.name(), threads, one, four, four / one, eight, eight / one);
        }
    }

    /** Prefills {@code n} sequences, then times {@link #STEPS} batched decode steps of all of them. */
    private static double decodeTokensPerSecond(PagedModelRunner runner, int n) {
        List<PrefillChunk> prefills = new ArrayList<>();
        int[][] tables = new int[n][];
        for (int s = 0; s < n; s++) {
            tables[s] = new int[] {4 * s, 4 * s + 1, 4 * s + 2, 4 * s + 3};
            int[] prompt = new java.util.Random(s).ints(PROMPT, 1, 30000).toArray();
            prefills.add(new PrefillChunk(s, 0, prompt, tables[s], true));
        }
        runner.execute(new StepPlan(prefills, List.of(), List.of()));
        long start = System.nanoTime();
        for (int step = 0; step < STEPS; step++) {
            List<DecodeStep> decodes = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                decodes.add(new DecodeStep(s, PROMPT + step, 1 + step + s, tables[s]));
            }
            Map<Long, float[]> logits = runner.execute(new StepPlan(List.of(), decodes, List.of()));
            assertEquals(n, logits.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return n * STEPS / seconds;
    }
}
