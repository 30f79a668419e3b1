package io.jseek.cli;

import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.HeapKvPages;
import io.jseek.model.InferenceState;
import io.jseek.model.Model;
import io.jseek.model.PagedModel;

/**
 * Aggregate decode throughput of {@code C} sequences decoding at once: all are prefilled (untimed), then
 * {@code genTokens} steps each advance every sequence by one token; the rate is {@code C · genTokens} over the steps'
 * time.
 *
 * <p>The serving engine's model runner is not wired to the models yet, so this drives the model directly: a
 * {@link PagedModel} runs each step as ONE batched forward over a heap paged cache (every weight matrix read once for
 * the C tokens, what the engine will do); any other model steps C independent states round-robin, which measures no
 * batching gain at all. {@link #mode()} says which.
 */
final class BenchConcurrent {
    private static final int BLOCK = 16;

    private final Model model;
    private final int concurrency;
    private final int[] prompt;
    private final int genTokens;

    BenchConcurrent(Model model, int concurrency, int promptTokens, int genTokens) {
        this.model = model;
        this.concurrency = concurrency;
        this.prompt = BenchPrompt.tokens(promptTokens);
        this.genTokens = genTokens;
    }

    Model model() {
        return model;
    }

    /** {@code paged-batch} or {@code round-robin}. */
    String mode() {
        return model instanceof PagedModel ? "paged-batch" : "round-robin";
    }

    /** One measurement: aggregate decode tokens per second. */
    double aggregateDecodeRate() {
        long nanos = model instanceof PagedModel paged ? pagedSteps(paged) : roundRobinSteps();
        return BenchRunner.rate(concurrency * genTokens, nanos);
    }

    private long pagedSteps(PagedModel m) {
        int context = prompt.length + genTokens + 1;
        int blocksPerSequence = (context + BLOCK - 1) / BLOCK;
        HeapKvPages kv = new HeapKvPages(m, BLOCK, concurrency * blocksPerSequence);
        BatchState state = m.newBatchState(Math.max(prompt.length, concurrency), context);
        int vocab = m.config().vocabSize();
        Batch batch = new Batch(Math.max(prompt.length, concurrency), concurrency, vocab);
        int[][] tables = new int[concurrency][blocksPerSequence];
        int[] tokens = new int[concurrency];
        for (int s = 0; s < concurrency; s++) {
            for (int b = 0; b < blocksPerSequence; b++) {
                tables[s][b] = s * blocksPerSequence + b;
            }
            batch.clear();
            int slot = batch.add(prompt, 0, prompt.length, 0, tables[s], true);
            m.forward(state, batch, kv);
            tokens[s] = BenchPrompt.argmax(batch.logits(), batch.logitsOffset(slot), vocab);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < genTokens; i++) {
            batch.clear();
            for (int s = 0; s < concurrency; s++) {
                batch.add(tokens[s], prompt.length + i, tables[s], true);
            }
            m.forward(state, batch, kv);
            for (int s = 0; s < concurrency; s++) {
                tokens[s] = BenchPrompt.argmax(batch.logits(), batch.logitsOffset(s), vocab);
            }
        }
        return System.nanoTime() - t0;
    }

    private long roundRobinSteps() {
        int vocab = model.config().vocabSize();
        InferenceState[] states = new InferenceState[concurrency];
        int[] tokens = new int[concurrency];
        for (int s = 0; s < concurrency; s++) {
            states[s] = model.newState(prompt.length + genTokens + 1);
            tokens[s] = BenchPrompt.argmax(model.prefill(states[s], prompt, 0), 0, vocab);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < genTokens; i++) {
            for (int s = 0; s < concurrency; s++) {
                tokens[s] = BenchPrompt.argmax(model.forward(states[s], tokens[s], prompt.length + i), 0, vocab);
            }
        }
        return System.nanoTime() - t0;
    }
}
