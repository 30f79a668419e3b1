package io.jseek.model.eval;

import io.jseek.model.Batch;
import io.jseek.model.BatchState;
import io.jseek.model.Checkpoints;
import io.jseek.model.HeapKvPages;
import io.jseek.model.PagedModel;

/**
 * Runs a token stream through a model in independent chunks of {@code ctx} tokens, as llama.cpp's
 * {@code llama-perplexity} does: each chunk starts from an empty cache, its first token replaced by BOS when the
 * vocabulary adds one, and only the second half is scored (positions {@code ctx/2 .. ctx-2} predict the token after
 * them), so every scored token has at least {@code ctx/2} tokens of context.
 *
 * <p>The chunk goes through the model's batched step ({@link PagedModel#forward(BatchState, Batch,
 * io.jseek.model.KvPages)}), {@value #STEP} tokens at a time: the unscored first half as one entry without logits,
 * the scored positions as one-token entries that each ask for their logits, all over one cache block spanning the
 * chunk.
 */
public final class ChunkedEvaluator {
    /** Tokens per batched step: as the models' own prefill chunk, enough to amortise reading the weights. */
    static final int STEP = 64;

    /** Receives the logits of each scored position. */
    @FunctionalInterface
    public interface ScoredRow {
        /**
         * Position {@code ctx/2 + index} of chunk {@code chunk}: {@code logits[offset .. offset + vocab)} predict
         * {@code next}; the array is reused after the call.
         */
        void accept(int chunk, int index, float[] logits, int offset, int next);
    }

    private final PagedModel model;
    private final int ctx;
    private final int bos;
    private Checkpoints checkpoints = Checkpoints.NONE;

    /**
     * Chunks of {@code ctx} positions; {@code bos} is the token that replaces each chunk's first one, or -1 for a
     * vocabulary without BOS.
     */
    public ChunkedEvaluator(PagedModel model, int ctx, int bos) {
        if (ctx < 4) {
            throw new IllegalArgumentException("--ctx must be at least 4, got " + ctx);
        }
        this.model = model;
        this.ctx = ctx;
        this.bos = bos;
    }

    /**
     * Installs a hook that sees every step's intermediates (tracing where two runs part). Each chunk's positions
     * {@code 0 .. ctx-2} are fed in order, so a hook counting the rows of each step's {@code inp_embd} knows them.
     */
    public void setCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** Positions scored per chunk: {@code ctx/2 .. ctx-2}. */
    public static int scoredPerChunk(int ctx) {
        return ctx - ctx / 2 - 1;
    }

    /** Whole chunks in {@code tokens} tokens. */
    public int chunksIn(int tokens) {
        return tokens / ctx;
    }

    /** Evaluates chunk {@code chunk} of {@code tokens} (tokens {@code chunk·ctx ..}), passing scored rows to {@code out}. */
    public void evaluate(int[] tokens, int chunk, ScoredRow out) {
        int start = chunk * ctx;
        if (start + ctx > tokens.length) {
            throw new IllegalArgumentException("chunk " + chunk + " needs tokens up to " + (start + ctx) + ", have "
                    + tokens.length);
        }
        int[] input = java.util.Arrays.copyOfRange(tokens, start, start + ctx);
        if (bos >= 0) {
            input[0] = bos;
        }
        int first = ctx / 2;
        int last = ctx - 2; // the final position predicts a token outside the chunk
        int[] table = {0};
        HeapKvPages kv = new HeapKvPages(model, ctx, 1);
        BatchState state = model.newBatchState(STEP, ctx);
        state.setCheckpoints(checkpoints);
        Batch batch = new Batch(STEP, STEP, model.config().vocabSize());
        int vocab = model.config().vocabSize();
        int pos = 0;
        while (pos < ctx - 1) {
            batch.clear();
            if (pos < first) {
                int n = Math.min(STEP, first - pos);
                batch.add(input, pos, n, pos, table, false);
                pos += n;
            }
            int scoredFrom = pos;
            while (batch.rows() < STEP && pos <= last) {
                batch.add(input[pos], pos, table, true);
                pos++;
            }
            model.forward(state, batch, kv);
            for (int slot = 0; slot < batch.logitsCount(); slot++) {
                int p = scoredFrom + slot;
                out.accept(chunk, p - first, batch.logits(), batch.logitsOffset(slot), input[p + 1]);
            }
        }
    }
}
