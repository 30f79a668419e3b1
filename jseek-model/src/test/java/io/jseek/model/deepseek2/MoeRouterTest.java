package io.jseek.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** DeepSeekMoE routing rules (../shared/docs/deepseek-spec.md §2.4.5), each checked on hand-made logits. */
class MoeRouterTest {

    @Test
    void softmaxTopKKeepsUnnormalizedProbabilities() {
        MoeRouter r = new MoeRouter(4, 2, ExpertGating.SOFTMAX, 0, 0, false, 1f);
        float[] logits = {1f, 3f, 2f, 0f};
        r.route(logits, null);
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(0);
        assertArrayEquals(new int[] {1, 2}, r.selected());
        assertEquals(Math.exp(3) / z, r.weights()[0], 1e-6);
        assertEquals(Math.exp(2) / z, r.weights()[1], 1e-6);
    }

    @Test
    void sigmoidBiasSteersSelectionButNotWeights() {
        MoeRouter r = new MoeRouter(4, 2, ExpertGating.SIGMOID, 0, 0, false, 0f);
        float[] logits = {2f, 1f, 0f, -1f};
        float[] bias = {0f, 0f, 1f, 0f}; // lifts expert 2 (sigmoid 0.5 + 1) above expert 0 (0.88)
        r.route(logits, bias);
        assertArrayEquals(new int[] {2, 0}, r.selected());
        assertEquals(0.5f, r.weights()[0], 1e-6);
        assertEquals(sigmoid(2f), r.weights()[1], 1e-6);
    }

    @Test
    void normalizationThenRoutedScaling() {
        MoeRouter r = new MoeRouter(4, 2, ExpertGating.SIGMOID, 0, 0, true, 2.5f);
        r.route(new float[] {2f, 1f, 0f, -1f}, null);
        float a = sigmoid(2f);
        float b = sigmoid(1f);
        assertArrayEquals(new int[] {0, 1}, r.selected());
        assertEquals(2.5f * a / (a + b), r.weights()[0], 1e-6);
        assertEquals(2.5f * b / (a + b), r.weights()[1], 1e-6);
    }

    @Test
    void scaleOfZeroOrOneIsIgnored() {
        MoeRouter zero = new MoeRouter(2, 1, ExpertGating.SIGMOID, 0, 0, false, 0f);
        zero.route(new float[] {1f, 0f}, null);
        assertEquals(sigmoid(1f), zero.weights()[0], 1e-7);
    }

    @Test
    void normalizationClampsTinySums() {
        MoeRouter r = new MoeRouter(2, 1, ExpertGating.SIGMOID, 0, 0, true, 1f);
        r.route(new float[] {-20f, -30f}, null);
        assertEquals(sigmoid(-20f) / MoeRouter.MIN_WEIGHT_SUM, r.weights()[0], 1e-9);
    }

    @Test
    void groupsKeepTheBestTopTwoSums() {
        // 8 experts in 4 groups of 2; keep 2 groups, pick 2 experts.
        // group sums (sigmoid-free: bias-only scores via large logits are awkward, so use softmax-free sigmoid):
        float[] logits = {3f, -3f,   2f, 2f,   -1f, -1f,   0f, 2.5f};
        MoeRouter r = new MoeRouter(8, 2, ExpertGating.SIGMOID, 4, 2, false, 1f);
        r.route(logits, null);
        // group 0: s(3)+s(-3)=1.0, group 1: 2·s(2)=1.76, group 2: 0.54, group 3: s(0)+s(2.5)=1.42
        // kept groups 1 and 3; expert 0 (the best single score) is excluded with its group
        assertArrayEquals(new int[] {7, 2}, r.selected());
        assertEquals(sigmoid(2.5f), r.weights()[0], 1e-6);
    }

    @Test
    void groupScoresUseTheBiasedScores() {
        float[] logits = {0f, 0f, 0f, 0f};
        float[] bias = {0f, 0f, 0.4f, 0.4f};
        MoeRouter r = new MoeRouter(4, 1, ExpertGating.SIGMOID, 2, 1, false, 1f);
        r.route(logits, bias);
        assertEquals(2, r.selected()[0]);
        assertEquals(0.5f, r.weights()[0], 1e-7);
    }

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }
}
