package io.jseek.model.deepseek2;

import io.jseek.model.ops.Activations;
import java.util.Arrays;

/**
 * DeepSeekMoE expert selection for one token (../shared/docs/deepseek-spec.md §2.4.5; llama.cpp {@code build_moe_ffn}):
 * <pre>
 *   p[e] = softmax(logits)[e]  or  sigmoid(logits[e])
 *   s[e] = p[e] + bias[e]                          bias (exp_probs_b) steers SELECTION only
 *   groups > 1: group score = sum of its 2 largest s; keep the top groupsUsed groups, s = -inf elsewhere
 *   sel  = top-k of s (descending)
 *   w[k] = p[sel[k]]                               unbiased
 *   norm: w /= max(Σw, 6.103515625e-5);  scale ∉ {0, 1}: w *= scale
 * </pre>
 * Buffers are allocated once; {@link #route} allocates nothing. Not thread-safe.
 */
public final class MoeRouter {
    /** llama.cpp clamps the weight sum at the smallest normal half before dividing. */
    static final float MIN_WEIGHT_SUM = 6.103515625e-5f;

    private final int experts;
    private final int used;
    private final ExpertGating gating;
    private final int groups;
    private final int groupsUsed;
    private final boolean normalize;
    private final float scale;
    private final float[] probs;       // [nExpert] unbiased probabilities
    private final float[] selection;   // [nExpert] biased, group-masked selection scores
    private final float[] groupScores; // [nGroups]
    private final int[] selected;      // [nUsed] expert ids, best first
    private final float[] weights;     // [nUsed] mixing weights

    public MoeRouter(int experts, int used, ExpertGating gating, int groups, int groupsUsed, boolean normalize,
                     float scale) {
        if (used < 1 || used > experts) {
            throw new IllegalArgumentException("cannot use " + used + " of " + experts + " experts");
        }
        this.experts = experts;
        this.used = used;
        this.gating = gating;
        this.groups = groups;
        this.groupsUsed = groupsUsed;
        this.normalize = normalize;
        this.scale = scale;
        this.probs = new float[experts];
        this.selection = new float[experts];
        this.groupScores = new float[Math.max(1, groups)];
        this.selected = new int[used];
        this.weights = new float[used];
    }

    /** The router of a deepseek2 model. */
    public static MoeRouter of(Deepseek2Config c) {
        return new MoeRouter(c.expertCount(), c.expertUsedCount(), c.gating(), c.expertGroupCount(),
                c.expertGroupUsedCount(), c.expertWeightsNorm(), c.expertWeightsScale());
    }

    /** Routes one token; {@code bias} (length nExpert) may be null. Results in {@link #selected}/{@link #weights}. */
    public void route(float[] logits, float[] bias) {
        route(logits, 0, bias);
    }

    /** Routes the token whose {@code nExpert} router logits start at {@code logits[offset]}. */
    public void route(float[] logits, int offset, float[] bias) {
        System.arraycopy(logits, offset, probs, 0, experts);
        if (gating == ExpertGating.SOFTMAX) {
            Activations.softmax(probs, 0, experts);
        } else {
            for (int e = 0; e < experts; e++) {
                probs[e] = 1f / (1f + (float) Math.exp(-probs[e]));
            }
        }
        for (int e = 0; e < experts; e++) {
            selection[e] = bias == null ? probs[e] : probs[e] + bias[e];
        }
        if (groups > 1) {
            maskGroups();
        }
        topK();
        float sum = 0f;
        for (int k = 0; k < used; k++) {
            weights[k] = probs[selected[k]];
            sum += weights[k];
        }
        float divisor = normalize ? Math.max(sum, MIN_WEIGHT_SUM) : 1f;
        float factor = scale != 0f && scale != 1f ? scale : 1f;
        for (int k = 0; k < used; k++) {
            if (normalize) {
                weights[k] /= divisor;
            }
            weights[k] *= factor;
        }
    }

    /** Keeps the {@code groupsUsed} groups with the largest top-2 sums; the others get -inf. */
    private void maskGroups() {
        int perGroup = experts / groups;
        for (int g = 0; g < groups; g++) {
            float first = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int e = g * perGroup; e < (g + 1) * perGroup; e++) {
                float s = selection[e];
                if (s > first) {
                    second = first;
                    first = s;
                } else if (s > second) {
                    second = s;
                }
            }
            groupScores[g] = first + second;
        }
        for (int kept = 0; kept < groupsUsed; kept++) {
            int best = argMax(groupScores, groups);
            groupScores[best] = Float.NaN; // marks "kept"; NaN never wins argMax again
        }
        for (int g = 0; g < groups; g++) {
            if (!Float.isNaN(groupScores[g])) {
                Arrays.fill(selection, g * perGroup, (g + 1) * perGroup, Float.NEGATIVE_INFINITY);
            }
        }
    }

    /** Selection sort of the {@code used} best scores, best first (lowest index wins ties). */
    private void topK() {
        for (int k = 0; k < used; k++) {
            int best = -1;
            for (int e = 0; e < experts; e++) {
                if (!isSelected(e, k) && (best < 0 || selection[e] > selection[best])) {
                    best = e;
                }
            }
            selected[k] = best;
        }
    }

    private boolean isSelected(int e, int count) {
        for (int k = 0; k < count; k++) {
            if (selected[k] == e) {
                return true;
            }
        }
        return false;
    }

    private static int argMax(float[] x, int n) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(x[i]) && (best < 0 || x[i] > x[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Chosen expert ids after {@link #route}, best first (the live buffer). */
    public int[] selected() {
        return selected;
    }

    /** Mixing weights matching {@link #selected()} (the live buffer). */
    public float[] weights() {
        return weights;
    }

    /** The unbiased probabilities of the last {@link #route} (the live buffer). */
    public float[] probabilities() {
        return probs;
    }

    public int usedCount() {
        return used;
    }
}
