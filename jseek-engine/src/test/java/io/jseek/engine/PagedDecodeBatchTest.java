package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.fixtures.BatchModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batched decode in the real runner: eight sequences prefilled and decoded together get, step by step, the logits
 * each gets decoded alone (same argmax; values within {@link InvarianceTest#BATCH_TOLERANCE}, as batching changes
 * only the rounding), on a small-but-not-tiny model (hidden 512, 8 layers, Q8_0) whose rows span several vector
 * chunks. Its speed is measured by {@code PagedDecodeBenchmark} in jseek-bench and {@code jseek bench --concurrency}.
 */
@Timeout(600)
class PagedDecodeBatchTest {
    private static final int BLOCK = 16;
    private static final int PROMPT = 16;
    private static final int STEPS = 6;
    private static final int SEQUENCES = 8;

    @Test
    void eightSequencesDecodedTogetherGetTheLogitsOfEachAlone(@TempDir Path dir) throws Exception {
        Path file = BatchModels.write(BatchModels.llama("batch-512x8", 512, 8, 99), dir);
        try (PagedModel model = (PagedModel) Models.load(file, ModelOptions.defaults().withThreads(2))) {
            List<List<float[]>> together = decode(model, 0, SEQUENCES);
            double worst = 0;
            for (int s = 0; s < SEQUENCES; s++) {
                List<float[]> alone = decode(model, s, 1).getFirst();
                for (int step = 0; step < STEPS; step++) {
                    float[] a = alone.get(step);
                    float[] b = together.get(s).get(step);
                    assertEquals(argmax(a), argmax(b), "sequence " + s + " step " + step);
                    for (int i = 0; i < a.length; i++) {
                        worst = Math.max(worst, Math.abs(a[i] - b[i]));
                    }
                }
            }
            assertTrue(worst <= InvarianceTest.BATCH_TOLERANCE, "logits differ by " + worst);
        }
    }

    /**
     * Prefills sequences {@code first .. first + n)} (prompts fixed by their ids), then decodes {@link #STEPS} tokens
     * of all of them in one batch per step; the logits per sequence and step, copied.
     */
    private static List<List<float[]>> decode(PagedModel model, int first, int n) {
        KvLayout layout = KvLayout.forModel(model, BLOCK, SEQUENCES * 4);
        PagedModelRunner runner = new PagedModelRunner(model, new RamKvBlockStore(layout, model.kvCacheType()), SEQUENCES * PROMPT,
                SEQUENCES, 4 * BLOCK);
        List<PrefillChunk> prefills = new ArrayList<>();
        int[][] tables = new int[n][];
        List<List<float[]>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int s = first + k;
            tables[k] = new int[] {4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3};
            prefills.add(new PrefillChunk(s, 0, new java.util.Random(s).ints(PROMPT, 1, 30000).toArray(), tables[k],
                    true));
            out.add(new ArrayList<>());
        }
        runner.execute(new StepPlan(prefills, List.of(), List.of()));
        for (int step = 0; step < STEPS; step++) {
            List<DecodeStep> decodes = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                decodes.add(new DecodeStep(first + k, PROMPT + step, 1 + step + first + k, tables[k]));
            }
            Map<Long, float[]> logits = runner.execute(new StepPlan(List.of(), decodes, List.of()));
            assertEquals(n, logits.size());
            for (int k = 0; k < n; k++) {
                out.get(k).add(logits.get((long) (first + k)).clone());
            }
        }
        return out;
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
