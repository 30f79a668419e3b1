package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTest {
    static final float[] LOGITS = {1f, 3f, 2f, 0.5f, 2.9f, -1f};
    static final int[] NO_HISTORY = {};

    static int[] histogram(SamplerParams p, float[] logits, int draws) {
        Sampler s = new Sampler(p, logits.length);
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[s.sample(logits, NO_HISTORY, 0)]++;
        }
        return counts;
    }

    @Test
    void greedyPicksArgmaxAndLeavesLogitsAlone() {
        float[] logits = LOGITS.clone();
        assertEquals(1, new Sampler(SamplerParams.greedy(), 6).sample(logits, NO_HISTORY, 0));
        assertArrayEquals(LOGITS, logits);
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        SamplerParams p = SamplerParams.defaults(42).withTopK(0).withTopP(1f).withMinP(0f).withTemperature(1.5f);
        int[] a = sequence(p);
        assertArrayEquals(a, sequence(p));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(sequence(p.withSeed(43))));
    }

    private static int[] sequence(SamplerParams p) {
        Sampler s = new Sampler(p, LOGITS.length);
        int[] out = new int[40];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.sample(LOGITS, NO_HISTORY, 0);
        }
        return out;
    }

    @Test
    void temperatureFollowsTheSoftmax() {
        SamplerParams p = SamplerParams.defaults(7).withTopK(0).withTopP(1f).withMinP(0f).withTemperature(2f);
        int n = 40000;
        int[] counts = histogram(p, LOGITS, n);
        double z = 0;
        for (float l : LOGITS) {
            z += Math.exp(l / 2);
        }
        for (int i = 0; i < LOGITS.length; i++) {
            assertEquals(Math.exp(LOGITS[i] / 2) / z, counts[i] / (double) n, 0.01, "token " + i);
        }
    }

    @Test
    void lowTemperatureConcentrates() {
        SamplerParams p = SamplerParams.defaults(7).withTopK(0).withTopP(1f).withMinP(0f).withTemperature(0.01f);
        assertTrue(histogram(p, LOGITS, 1000)[1] >= 995, "exp(-0.1/0.01) makes the runner-up 4.5e-5 likely");
    }

    @Test
    void topKKeepsOnlyTheKBest() {
        SamplerParams p = SamplerParams.defaults(1).withTopK(2).withTopP(1f).withMinP(0f).withTemperature(5f);
        int[] counts = histogram(p, LOGITS, 2000);
        assertTrue(counts[1] > 0 && counts[4] > 0);
        assertEquals(2000, counts[1] + counts[4]);
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingP() {
        // softmax of {3, 2.9, 2, 1, 0.5, -1}: 0.385, 0.348, 0.142, 0.052, 0.032, 0.007
        SamplerParams p = SamplerParams.defaults(1).withTopK(0).withTopP(0.7f).withMinP(0f).withTemperature(1f);
        int[] counts = histogram(p, LOGITS, 2000);
        assertEquals(2000, counts[1] + counts[4]);
        p = p.withTopP(0.8f);
        counts = histogram(p, LOGITS, 2000);
        assertEquals(2000, counts[1] + counts[4] + counts[2]);
        assertTrue(counts[2] > 0);
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheBest() {
        // p_i / p_max = exp(l_i - 3): token 2 is 0.37, token 0 is 0.135
        SamplerParams p = SamplerParams.defaults(1).withTopK(0).withTopP(1f).withMinP(0.3f).withTemperature(1f);
        int[] counts = histogram(p, LOGITS, 3000);
        assertEquals(3000, counts[1] + counts[4] + counts[2]);
        assertTrue(counts[2] > 0);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        float[] logits = {2f, 1.5f, -1f, -1.2f};
        Sampler s = new Sampler(SamplerParams.greedy().withPenalties(2f, 0f, 0f, 64), 4);
        assertEquals(1, s.sample(logits, new int[] {0}, 1), "2/2 = 1 < 1.5");
        float[] negative = {-1f, -1.5f};
        s = new Sampler(SamplerParams.greedy().withPenalties(2f, 0f, 0f, 64), 2);
        assertEquals(1, s.sample(negative, new int[] {0}, 1), "-1*2 = -2 < -1.5");
    }

    @Test
    void penaltyWindowLooksAtTheLastNTokensOnly() {
        float[] logits = {2f, 1.5f};
        Sampler s = new Sampler(SamplerParams.greedy().withPenalties(2f, 0f, 0f, 1), 2);
        assertEquals(0, s.sample(logits, new int[] {0, 1}, 2), "token 0 is outside the window of 1");
        assertEquals(1, s.sample(logits, new int[] {1, 0}, 2));
    }

    @Test
    void frequencyAndPresencePenaltiesSubtract() {
        float[] logits = {3f, 2f};
        Sampler freq = new Sampler(SamplerParams.greedy().withPenalties(1f, 0.6f, 0f, -1), 2);
        assertEquals(0, freq.sample(logits, new int[] {0}, 1), "3 - 0.6 > 2");
        assertEquals(1, freq.sample(logits, new int[] {0, 0}, 2), "3 - 1.2 < 2");
        Sampler presence = new Sampler(SamplerParams.greedy().withPenalties(1f, 0f, 1.1f, -1), 2);
        assertEquals(1, presence.sample(logits, new int[] {0}, 1), "3 - 1.1 < 2");
        assertEquals(1, presence.sample(logits, new int[] {0, 0, 0}, 3), "presence counts once");
    }

    @Test
    void logitBiasCanForceAndBan() {
        Sampler force = new Sampler(SamplerParams.greedy().withLogitBias(Map.of(5, 10f)), 6);
        assertEquals(5, force.sample(LOGITS, NO_HISTORY, 0));
        Sampler ban = new Sampler(SamplerParams.defaults(3).withTopK(0).withTopP(1f).withMinP(0f)
                .withLogitBias(Map.of(1, Float.NEGATIVE_INFINITY)), 6);
        for (int i = 0; i < 500; i++) {
            assertNotEquals(1, ban.sample(LOGITS, NO_HISTORY, 0));
        }
    }

    @Test
    void topLogprobsAreTheRawDistribution() {
        TokenLogprob[] top = Sampler.topLogprobs(LOGITS, 3);
        double z = 0;
        for (float l : LOGITS) {
            z += Math.exp(l);
        }
        assertEquals(3, top.length);
        assertEquals(1, top[0].token());
        assertEquals(4, top[1].token());
        assertEquals(2, top[2].token());
        assertEquals(3 - Math.log(z), top[0].logprob(), 1e-6);
        assertEquals(2 - Math.log(z), top[2].logprob(), 1e-6);
    }

    @Test
    void topKSelectionIsSortedWithStableTies() {
        float[] v = {5f, 1f, 5f, 7f, -2f, 7f};
        int[] out = new int[6];
        assertEquals(4, TopK.select(v, 6, 4, out));
        assertArrayEquals(new int[] {3, 5, 0, 2}, java.util.Arrays.copyOf(out, 4));
        assertEquals(6, TopK.select(v, 6, 10, out));
        assertArrayEquals(new int[] {3, 5, 0, 2, 1, 4}, out);
    }
}
