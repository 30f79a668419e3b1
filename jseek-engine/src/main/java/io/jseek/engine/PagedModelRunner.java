package io.jseek.engine;

import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.PagedModel;
import java.util.HashMap;
import java.util.Map;

/**
 * The real {@link ModelRunner}: each {@link StepPlan} becomes ONE {@link PagedModel#forward} over a {@link Batch}
 * holding every prefill chunk and every decode token of the step, with the KV read and written in place in the
 * engine's {@link RamKvBlockStore} through each sequence's block table. So all running sequences decode together and
 * each weight matrix is read once per step, whatever the number of sequences.
 *
 * <p>Buffers (batch rows, activations, one logits array per sampling sequence) are allocated once for the engine's
 * limits: {@code maxTokens} is the scheduler's token budget, {@code maxSequences} its running limit. The logits
 * arrays handed back are reused by the next step, which the {@link ModelRunner} contract allows (the engine samples
 * before it calls again). Runs on the engine thread; the model splits the work over its own compute pool.
 */
public final class PagedModelRunner implements ModelRunner {
    private final PagedModel model;
    private final RamKvBlockStore store;
    private final Batch batch;
    private final BatchState state;
    private final float[][] logits; // [maxSequences][vocabSize] handed to the engine

    /**
     * @param model the model; its KV rows must match {@code store}'s layout ({@link KvLayout#forModel})
     * @param store the paged KV cache the engine's block manager hands out
     * @param maxTokens tokens per step (the engine's token budget)
     * @param maxSequences sequences per step (the engine's running limit)
     * @param maxContext positions per sequence
     */
    public PagedModelRunner(PagedModel model, RamKvBlockStore store, int maxTokens, int maxSequences,
                            int maxContext) {
        KvLayout expected = KvLayout.forModel(model, store.layout().blockSize(), store.layout().numBlocks());
        if (!expected.equals(store.layout())) {
            throw new IllegalArgumentException("KV store " + store.layout() + " does not fit the model: " + expected);
        }
        this.model = model;
        this.store = store;
        int vocab = model.config().vocabSize();
        this.batch = new Batch(maxTokens, maxSequences, vocab);
        this.state = model.newBatchState(maxTokens, maxContext);
        this.logits = new float[maxSequences][vocab];
    }

    /** A runner sized for {@code config}, over {@code store}. */
    public static PagedModelRunner forEngine(PagedModel model, RamKvBlockStore store, EngineConfig config) {
        int context = (int) Math.min(config.maxContext(), store.layout().capacityTokens());
        return new PagedModelRunner(model, store, config.tokenBudget(), config.maxRunning(), context);
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public Map<Long, float[]> execute(StepPlan plan) {
        batch.clear();
        int sampling = plan.decodes().size();
        for (PrefillChunk c : plan.prefills()) {
            sampling += c.samples() ? 1 : 0;
        }
        long[] ids = new long[sampling];
        int[] slots = new int[sampling];
        int n = 0;
        for (PrefillChunk c : plan.prefills()) {
            int slot = batch.add(c.tokens(), 0, c.tokens().length, c.startPos(), c.blockTable(), c.samples());
            if (slot >= 0) {
                ids[n] = c.sequenceId();
                slots[n++] = slot;
            }
        }
        for (DecodeStep d : plan.decodes()) {
            ids[n] = d.sequenceId();
            slots[n++] = batch.add(d.token(), d.position(), d.blockTable(), true);
        }
        model.forward(state, batch, store);
        Map<Long, float[]> out = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            float[] dst = logits[i];
            System.arraycopy(batch.logits(), batch.logitsOffset(slots[i]), dst, 0, dst.length);
            out.put(ids[i], dst);
        }
        return out;
    }
}
