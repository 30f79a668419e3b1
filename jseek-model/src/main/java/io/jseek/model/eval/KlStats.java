package io.jseek.model.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The divergence of a model from a base model, position by position ({@code jseek perplexity --kl-base}):
 * {@code KL(base ‖ model) = Σ p_base · (log p_base − log p_model)} over the vocabulary, its mean, maximum and 99th
 * percentile, how often both pick the same top token, and the base's own perplexity.
 *
 * <p>The base distribution is the stored one ({@link LogitsFile}): tokens under its floor are left out and the rest
 * renormalised, so the sum is a divergence between proper distributions and never negative (the model's
 * probabilities over the kept tokens sum to at most 1); a model against its own file gives the rounding of the codes,
 * about 1e-8.
 *
 * <p>A mean is often carried by a few positions (a near-tied choice tipped the other way); the {@code worst} largest
 * divergences are kept with where they are and what each side predicted there ({@link Divergence}).
 */
public final class KlStats {
    /**
     * One position's divergence: chunk {@code chunk}, position {@code position} in it (its logits predict
     * {@code next}, the text's token at {@code position + 1}); the base's top token with its probability under the
     * base and under the model, and the model's top token likewise.
     */
    public record Divergence(int chunk, int position, int next, double kl, int baseTop, double baseTopBaseP,
                             double baseTopModelP, int modelTop, double modelTopBaseP, double modelTopModelP) {
    }

    private static final Comparator<Divergence> BY_KL = Comparator.comparingDouble(Divergence::kl);

    private final int worstCount;
    private final PriorityQueue<Divergence> worst = new PriorityQueue<>(BY_KL); // smallest first: the one to drop
    private float[] values = new float[1024];
    private int count;
    private double sum;
    private long sameTop;
    private final NllStats baseNll = new NllStats();

    /** Statistics that keep the {@code worst} largest divergences (0: none). */
    public KlStats(int worst) {
        if (worst < 0) {
            throw new IllegalArgumentException("--worst must be at least 0, got " + worst);
        }
        this.worstCount = worst;
    }

    /**
     * Adds position {@code position} of chunk {@code chunk}, whose next token is {@code next}: {@code baseLogProbs}
     * and {@code base} as {@link LogitsFile.Reader#next} decodes them, and the model's
     * {@code logits[offset .. offset + vocab)}. Returns the position's divergence.
     */
    public double add(double[] baseLogProbs, LogitsFile.Reader.Position base, float[] logits, int offset, int chunk,
                      int position, int next) {
        int vocab = baseLogProbs.length;
        double lse = LogSoftmax.logSumExp(logits, offset, vocab);
        double logZ = logSumExp(baseLogProbs);
        double kl = 0;
        for (int i = 0; i < vocab; i++) {
            double lp = baseLogProbs[i];
            if (lp != Double.NEGATIVE_INFINITY) {
                double p = lp - logZ;
                kl += Math.exp(p) * (p - (logits[offset + i] - lse));
            }
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = (float) kl;
        sum += kl;
        int modelTop = LogSoftmax.argmax(logits, offset, vocab);
        if (modelTop == base.top()) {
            sameTop++;
        }
        baseNll.add(base.nll());
        if (worstCount > 0 && (worst.size() < worstCount || kl > worst.peek().kl())) {
            int b = base.top();
            worst.add(new Divergence(chunk, position, next, kl, b, Math.exp(baseLogProbs[b] - logZ),
                    Math.exp(logits[offset + b] - lse), modelTop, Math.exp(baseLogProbs[modelTop] - logZ),
                    Math.exp(logits[offset + modelTop] - lse)));
            if (worst.size() > worstCount) {
                worst.poll();
            }
        }
        return kl;
    }

    /** The largest divergences kept, largest first. */
    public List<Divergence> worst() {
        return worst.stream().sorted(BY_KL.reversed()).toList();
    }

    private static double logSumExp(double[] lp) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : lp) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : lp) {
            if (v != Double.NEGATIVE_INFINITY) {
                s += Math.exp(v - max);
            }
        }
        return max + Math.log(s);
    }

    public int count() {
        return count;
    }

    public double mean() {
        return sum / count;
    }

    public double max() {
        double m = 0;
        for (int i = 0; i < count; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    /** The {@code q}-quantile (nearest rank), e.g. 0.99. */
    public double percentile(double q) {
        float[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    /** The share of positions where the model's top token is the base's. */
    public double sameTopFraction() {
        return (double) sameTop / count;
    }

    /** The base model's perplexity over the same positions, from the stored log-probabilities. */
    public NllStats baseNll() {
        return baseNll;
    }
}
