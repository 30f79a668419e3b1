package io.jseek.model;

import io.jseek.model.eval.LogSoftmax;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits with {@link SamplerParams}, in llama.cpp's sampler-chain order: logit bias,
 * repetition/frequency/presence penalties over the last {@code penaltyLastN} tokens, then either argmax (greedy) or
 * top-k, top-p, min-p, temperature and a draw from a {@link SplittableRandom} seeded once.
 *
 * <p>All scratch (a copy of the logits, candidate indices, probabilities, occurrence counts) is allocated at
 * construction; {@link #sample} allocates nothing and never modifies the caller's logits. {@link #topLogprobs}
 * reports the raw distribution (softmax of the untouched logits), as OpenAI-style {@code top_logprobs} do.
 */
public final class Sampler {
    private final SamplerParams params;
    private final int vocabSize;
    private final int[] biasTokens;
    private final float[] biasValues;
    private final float[] work;       // [V] logits after bias and penalties
    private final int[] candidates;   // [V] token ids, best first
    private final float[] probs;      // [V] probabilities of candidates[i]
    private final int[] counts;       // [V] occurrences in the penalty window (zero between calls)
    private final SplittableRandom random;

    public Sampler(SamplerParams params, int vocabSize) {
        this.params = params;
        this.vocabSize = vocabSize;
        this.biasTokens = new int[params.logitBias().size()];
        this.biasValues = new float[biasTokens.length];
        int i = 0;
        for (Map.Entry<Integer, Float> e : params.logitBias().entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= vocabSize) {
                throw new IllegalArgumentException("logit bias for token " + e.getKey() + " outside the vocabulary");
            }
            biasTokens[i] = e.getKey();
            biasValues[i++] = e.getValue();
        }
        this.work = new float[vocabSize];
        this.candidates = new int[vocabSize];
        this.probs = new float[vocabSize];
        this.counts = new int[vocabSize];
        this.random = new SplittableRandom(params.seed());
    }

    public SamplerParams params() {
        return params;
    }

    /**
     * The next token for {@code logits} ({@code vocabSize} values); {@code history[0 .. historyLength)} are the
     * tokens so far (prompt and generated), which the penalties look at.
     */
    public int sample(float[] logits, int[] history, int historyLength) {
        System.arraycopy(logits, 0, work, 0, vocabSize);
        for (int i = 0; i < biasTokens.length; i++) {
            work[biasTokens[i]] += biasValues[i];
        }
        applyPenalties(history, historyLength);
        if (params.temperature() <= 0f) {
            return argmax(work, vocabSize);
        }
        int k = params.topK() > 0 ? Math.min(params.topK(), vocabSize) : vocabSize;
        int n = TopK.select(work, vocabSize, k, candidates);
        n = topP(n);
        n = minP(n);
        return draw(n);
    }

    private void applyPenalties(int[] history, int historyLength) {
        boolean none = params.repeatPenalty() == 1f && params.frequencyPenalty() == 0f
                && params.presencePenalty() == 0f;
        if (none || params.penaltyLastN() == 0 || historyLength == 0) {
            return;
        }
        int window = params.penaltyLastN() < 0 ? historyLength : Math.min(params.penaltyLastN(), historyLength);
        int from = historyLength - window;
        for (int i = from; i < historyLength; i++) {
            counts[history[i]]++;
        }
        for (int i = from; i < historyLength; i++) {
            int t = history[i];
            int c = counts[t];
            if (c == 0) {
                continue;
            }
            float logit = work[t];
            logit = logit > 0 ? logit / params.repeatPenalty() : logit * params.repeatPenalty();
            work[t] = logit - c * params.frequencyPenalty() - params.presencePenalty();
            counts[t] = 0;
        }
    }

    /** Softmax over the first {@code n} candidates of {@code work} scaled by {@code 1/temperature} into probs. */
    private void softmax(int n, float invTemperature) {
        float max = work[candidates[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float p = (float) Math.exp((work[candidates[i]] - max) * invTemperature);
            probs[i] = p;
            sum += p;
        }
        for (int i = 0; i < n; i++) {
            probs[i] = (float) (probs[i] / sum);
        }
    }

    private int topP(int n) {
        if (params.topP() >= 1f || n <= 1) {
            return n;
        }
        softmax(n, 1f);
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += probs[i];
            if (cumulative >= params.topP()) {
                return i + 1;
            }
        }
        return n;
    }

    private int minP(int n) {
        if (params.minP() <= 0f || n <= 1) {
            return n;
        }
        float threshold = work[candidates[0]] + (float) Math.log(params.minP());
        int kept = 1;
        while (kept < n && work[candidates[kept]] >= threshold) {
            kept++;
        }
        return kept;
    }

    private int draw(int n) {
        softmax(n, 1f / params.temperature());
        double r = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += probs[i];
            if (r < cumulative) {
                return candidates[i];
            }
        }
        return candidates[n - 1];
    }

    /** The index of the largest value (the lowest index among equals). */
    public static int argmax(float[] values, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The {@code n} most likely tokens of the raw distribution {@code softmax(logits)}, best first. */
    public static TokenLogprob[] topLogprobs(float[] logits, int n) {
        int[] idx = new int[Math.min(n, logits.length)];
        int count = TopK.select(logits, logits.length, n, idx);
        double logSum = logSumExp(logits);
        TokenLogprob[] out = new TokenLogprob[count];
        for (int i = 0; i < count; i++) {
            out[i] = new TokenLogprob(idx[i], (float) (logits[idx[i]] - logSum));
        }
        return out;
    }

    /** {@code log Σ exp(logits)}, computed stably in double ({@link LogSoftmax#logSumExp} over the whole row). */
    public static double logSumExp(float[] logits) {
        return LogSoftmax.logSumExp(logits, 0, logits.length);
    }
}
