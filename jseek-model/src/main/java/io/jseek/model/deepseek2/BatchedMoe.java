package io.jseek.model.deepseek2;

import io.jseek.model.ComputePool;
import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.Tensors;
import java.util.Arrays;

/**
 * The FFN of one MoE layer for the N rows of a batch: routed experts plus the shared experts.
 * <pre>
 *   sel, wgt = route(gate_inp · xb)                        // [N, K] top-K of the N_exp experts per row
 *   per expert x picked by rows R_x:  G_x = xb[R_x]        // gathered, [|R_x|, E]
 *       O_x = down_x · (silu(gate_x · G_x) ⊙ up_x · G_x)   // [|R_x|, E]
 *   moe_out[r] = Σ_{x picked by r} wgt[r, x] · O_x[r]     // [N, E], summed in expert order
 *   out = moe_out + down_sh · (silu(gate_sh · xb) ⊙ up_sh · xb)   (shared experts, when the file has them)
 * </pre>
 * Each chosen expert runs ONCE over all the rows that picked it, so an expert picked by several sequences of a decode
 * batch is read once per step. The gate and up projections of every chosen expert and of the shared experts are one
 * {@link BatchMatMul} dispatch, all their down projections another, and the SwiGLU between them a third: with one row
 * (decode), four dispatches per layer (router included) instead of one per matrix.
 *
 * <p>Expert matrices are slices of the 3-D expert tensors (spec §1.4), wrapped as tensors of their own once at
 * construction so that {@link BatchMatMul} can address them; that costs three small views per expert and layer.
 */
final class BatchedMoe {
    private final Deepseek2Config config;
    private final BatchMatMul matMul;
    private final ComputePool pool;
    /** {@link #swigluRange} as the pool's task, made once: a step allocates nothing. */
    private final ComputePool.RangeTask swigluTask = this::swigluRange;
    private Deepseek2BatchState glu; // the job of swigluTask: its state, chosen experts and shared elements
    private int gluUsed;
    private int gluShared;
    private final FloatTensor[][] gate; // [layer][expert] [Fe][E]
    private final FloatTensor[][] up;   // [layer][expert] [Fe][E]
    private final FloatTensor[][] down; // [layer][expert] [E][Fe]

    BatchedMoe(Deepseek2Config config, Deepseek2Weights weights, BatchMatMul matMul, ComputePool pool) {
        this.config = config;
        this.matMul = matMul;
        this.pool = pool;
        int layers = weights.layers().length;
        gate = new FloatTensor[layers][];
        up = new FloatTensor[layers][];
        down = new FloatTensor[layers][];
        long slab = (long) config.expertFeedForwardLength() * config.base().embeddingLength();
        for (int l = 0; l < layers; l++) {
            Deepseek2Layer w = weights.layers()[l];
            if (config.isMoeLayer(l)) {
                gate[l] = slices(w.gateExps(), slab);
                up[l] = slices(w.upExps(), slab);
                down[l] = slices(w.downExps(), slab);
            }
        }
    }

    private FloatTensor[] slices(FloatTensor t, long elements) {
        FloatTensor[] out = new FloatTensor[config.expertCount()];
        long bytes = t.type().byteSize(elements);
        for (int e = 0; e < out.length; e++) {
            out[e] = Tensors.of(t.type(), t.segment().asSlice(e * bytes, bytes), elements);
        }
        return out;
    }

    /** The FFN of MoE layer {@code l} on rows {@code xb [n, E]} into {@code xb2 [n, E]}. */
    void apply(Deepseek2BatchState s, int l, Deepseek2Layer w, int n) {
        int e = config.base().embeddingLength();
        int experts = config.expertCount();
        int k = config.expertUsedCount();
        int fe = config.expertFeedForwardLength();
        int fs = fe * config.expertSharedCount();
        boolean shared = w.gateShexp() != null;
        matMul.apply(w.gateInp(), s.xb, e, s.routerLogits, experts, n, experts, e); // [N, N_exp]
        s.checkpoints().accept("ffn_moe_logits", l, s.routerLogits, n, experts);
        for (int r = 0; r < n; r++) {
            s.router.route(s.routerLogits, r * experts, w.expProbsBias());
            System.arraycopy(s.router.selected(), 0, s.selected, r * k, k);
            System.arraycopy(s.router.weights(), 0, s.expertWeights, r * k, k);
        }
        int used = groupByExpert(s, n);
        matMul.begin();
        for (int j = 0; j < used; j++) {
            int x = s.usedExperts[j];
            float[] in = gather(s, j, x, n);
            int count = s.expertRows[x + 1] - s.expertRows[x];
            matMul.add(gate[l][x], in, e, count, e, s.expertHidden[j], fe, fe);
            matMul.add(up[l][x], in, e, count, e, s.expertUp[j], fe, fe);
        }
        if (shared) {
            matMul.add(w.gateShexp(), s.xb, e, n, e, s.hb, fs, fs);
            matMul.add(w.upShexp(), s.xb, e, n, e, s.hb2, fs, fs);
        }
        matMul.run();
        swiglu(s, used, shared ? n * fs : 0);
        matMul.begin();
        for (int j = 0; j < used; j++) {
            int x = s.usedExperts[j];
            int count = s.expertRows[x + 1] - s.expertRows[x];
            matMul.add(down[l][x], s.expertHidden[j], fe, count, fe, s.expertOut[j], e, e);
        }
        if (shared) {
            matMul.add(w.downShexp(), s.hb, fs, n, fs, s.xb2, e, e);
        } else {
            Arrays.fill(s.xb2, 0, n * e, 0f);
        }
        matMul.run();
        scatter(s, used, n);
        s.checkpoints().accept("ffn_moe_out", l, s.moeOut, n, e);
        s.checkpoints().accept("ffn_shexp", l, s.xb2, n, e);
        Activations.add(s.xb2, s.moeOut, n * e);
    }

    /**
     * SwiGLU in place over the hidden rows of the {@code used} chosen experts, then the {@code sharedElements} of the
     * shared experts, laid end to end and split over the pool. Why: in decode that is 11,264 exps per layer (V2-Lite),
     * about 45 us on one thread, which ran on the caller while the other threads waited; element-wise, so the split
     * changes no bits.
     */
    private void swiglu(Deepseek2BatchState s, int used, int sharedElements) {
        int fe = config.expertFeedForwardLength();
        int total = sharedElements;
        for (int j = 0; j < used; j++) {
            int x = s.usedExperts[j];
            total += (s.expertRows[x + 1] - s.expertRows[x]) * fe;
        }
        glu = s;
        gluUsed = used;
        gluShared = sharedElements;
        try {
            pool.forRange(total, Math.ceilDiv(total, 2 * pool.threads()), swigluTask);
        } finally {
            glu = null;
        }
    }

    /** Elements {@code [from, to)} of {@link #swiglu}'s end-to-end range. */
    private void swigluRange(int from, int to) {
        int fe = config.expertFeedForwardLength();
        int base = 0;
        for (int j = 0; j <= gluUsed && base < to; j++) {
            boolean expert = j < gluUsed;
            int x = expert ? glu.usedExperts[j] : 0;
            int length = expert ? (glu.expertRows[x + 1] - glu.expertRows[x]) * fe : gluShared;
            int a = Math.max(from, base) - base;
            int b = Math.min(to, base + length) - base;
            if (a < b) {
                Activations.swiglu(expert ? glu.expertHidden[j] : glu.hb, expert ? glu.expertUp[j] : glu.hb2, a, b);
            }
            base += length;
        }
    }

    /**
     * Counting sort of the {@code n · K} picks by expert: {@code expertRows[x .. x + 1)} bounds expert {@code x}'s
     * picks, stored from {@code expertRows[N_exp + 1]} on as {@code row · K + k}; the chosen experts, in id order, go
     * to {@code usedExperts}. Returns how many there are.
     */
    private int groupByExpert(Deepseek2BatchState s, int n) {
        int experts = config.expertCount();
        int k = config.expertUsedCount();
        int[] idx = s.expertRows;
        Arrays.fill(idx, 0, experts + 1, 0);
        for (int p = 0; p < n * k; p++) {
            idx[s.selected[p] + 1]++;
        }
        for (int x = 0; x < experts; x++) {
            idx[x + 1] += idx[x];
        }
        int picks = experts + 1;
        for (int p = 0; p < n * k; p++) {
            int x = s.selected[p];
            idx[picks + idx[x]++] = p;
        }
        for (int x = experts; x > 0; x--) {
            idx[x] = idx[x - 1];
        }
        idx[0] = 0;
        int used = 0;
        for (int x = 0; x < experts; x++) {
            if (idx[x] < idx[x + 1]) {
                s.usedExperts[used++] = x;
            }
        }
        return used;
    }

    /**
     * The input rows of expert {@code x}, the {@code j}-th chosen: {@code xb} itself when every row picked it (rows
     * are grouped in row order, so they are then {@code xb}'s; always so in decode), which lets {@link BatchMatMul}
     * quantize {@code xb} once for all such experts and the shared ones; otherwise the picking rows copied into
     * {@code expertIn[j]}.
     */
    private float[] gather(Deepseek2BatchState s, int j, int x, int n) {
        int e = config.base().embeddingLength();
        int k = config.expertUsedCount();
        int picks = config.expertCount() + 1;
        int from = s.expertRows[x];
        int count = s.expertRows[x + 1] - from;
        s.reserveExpert(j, count);
        if (count == n) {
            return s.xb;
        }
        for (int i = 0; i < count; i++) {
            int row = s.expertRows[picks + from + i] / k;
            System.arraycopy(s.xb, row * e, s.expertIn[j], i * e, e);
        }
        return s.expertIn[j];
    }

    /** {@code moeOut[row] = Σ weight · O_x[row]} over the chosen experts, in expert order. */
    private void scatter(Deepseek2BatchState s, int used, int n) {
        int e = config.base().embeddingLength();
        int k = config.expertUsedCount();
        int picks = config.expertCount() + 1;
        Arrays.fill(s.moeOut, 0, n * e, 0f);
        for (int j = 0; j < used; j++) {
            int x = s.usedExperts[j];
            int from = s.expertRows[x];
            float[] o = s.expertOut[j];
            for (int i = 0; i < s.expertRows[x + 1] - from; i++) {
                int pick = s.expertRows[picks + from + i];
                int row = pick / k;
                float weight = s.expertWeights[pick];
                for (int c = 0; c < e; c++) {
                    s.moeOut[row * e + c] += o[i * e + c] * weight;
                }
            }
        }
    }
}
