package io.jseek.model.deepseek2;

import io.jseek.model.ops.Activations;
import io.jseek.model.ops.BatchMatMul;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.Tensors;
import java.util.Arrays;

/**
 * The routed experts of one MoE layer for a whole batch: route every row (top-K of N), group the picks by expert,
 * then run each chosen expert ONCE over all the rows that picked it (gather, batched SwiGLU, weighted scatter-add).
 * An expert picked by several sequences of a decode batch is thus read once per step, not once per sequence.
 *
 * <p>Expert matrices are slices of the 3-D expert tensors (spec §1.4), wrapped as tensors of their own once at
 * construction so that {@link BatchMatMul} can address them; that costs three small views per expert and layer.
 * The routed outputs are summed per row in expert order, not selection order: equal to the single-token path up to
 * float summation order.
 */
final class BatchedMoe {
    private final Deepseek2Config config;
    private final BatchMatMul matMul;
    private final FloatTensor[][] gate; // [layer][expert] [Fe][E]
    private final FloatTensor[][] up;   // [layer][expert] [Fe][E]
    private final FloatTensor[][] down; // [layer][expert] [E][Fe]

    BatchedMoe(Deepseek2Config config, Deepseek2Weights weights, BatchMatMul matMul) {
        this.config = config;
        this.matMul = matMul;
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

    /** Routes rows {@code xb [n, E]} of layer {@code l} and writes the weighted expert sum into {@code s.moeOut}. */
    void apply(Deepseek2BatchState s, int l, Deepseek2Layer w, int n) {
        int e = config.base().embeddingLength();
        int experts = config.expertCount();
        int k = config.expertUsedCount();
        matMul.apply(w.gateInp(), s.xb, e, s.routerLogits, experts, n, experts, e);
        for (int r = 0; r < n; r++) {
            s.router.route(s.routerLogits, r * experts, w.expProbsBias());
            System.arraycopy(s.router.selected(), 0, s.selected, r * k, k);
            System.arraycopy(s.router.weights(), 0, s.expertWeights, r * k, k);
        }
        groupByExpert(s, n);
        Arrays.fill(s.moeOut, 0, n * e, 0f);
        for (int expert = 0; expert < experts; expert++) {
            int from = s.expertRows[expert];
            int to = s.expertRows[expert + 1];
            if (from < to) {
                runExpert(s, l, expert, from, to);
            }
        }
    }

    /**
     * Counting sort of the {@code n · K} picks by expert: {@code expertRows[x .. x + 1)} bounds expert {@code x}'s
     * picks, stored from {@code expertRows[N + 1]} on as {@code row · K + k}.
     */
    private void groupByExpert(Deepseek2BatchState s, int n) {
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
    }

    /** Expert {@code x} over its picks {@code [from, to)}: gather, SwiGLU over all of them at once, scatter-add. */
    private void runExpert(Deepseek2BatchState s, int l, int x, int from, int to) {
        int e = config.base().embeddingLength();
        int fe = config.expertFeedForwardLength();
        int k = config.expertUsedCount();
        int picks = config.expertCount() + 1;
        int count = to - from;
        for (int j = 0; j < count; j++) {
            int row = s.expertRows[picks + from + j] / k;
            System.arraycopy(s.xb, row * e, s.gathered, j * e, e);
        }
        matMul.apply(gate[l][x], s.gathered, e, s.expertHidden, fe, count, fe, e);
        matMul.apply(up[l][x], s.gathered, e, s.expertUp, fe, count, fe, e);
        Activations.swiglu(s.expertHidden, s.expertUp, count * fe);
        matMul.apply(down[l][x], s.expertHidden, fe, s.expertOut, e, count, e, fe);
        for (int j = 0; j < count; j++) {
            int pick = s.expertRows[picks + from + j];
            int row = pick / k;
            float weight = s.expertWeights[pick];
            for (int i = 0; i < e; i++) {
                s.moeOut[row * e + i] += s.expertOut[j * e + i] * weight;
            }
        }
    }
}
