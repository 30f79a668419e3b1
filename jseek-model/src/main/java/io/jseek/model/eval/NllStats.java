package io.jseek.model.eval;

/**
 * Negative log-likelihoods of scored tokens, summed: perplexity {@code exp(mean)} and its standard error as
 * llama-perplexity reports it ({@code ppl · sqrt(var / (n - 1))}).
 */
public final class NllStats {
    private double sum;
    private double sumSquares;
    private long count;

    /** Adds one token's negative log-likelihood. */
    public void add(double nll) {
        sum += nll;
        sumSquares += nll * nll;
        count++;
    }

    public long count() {
        return count;
    }

    /** Mean negative log-likelihood (nats per token). */
    public double meanNll() {
        return sum / count;
    }

    public double perplexity() {
        return Math.exp(meanNll());
    }

    /** Standard error of the perplexity; 0 with fewer than two tokens. */
    public double perplexityError() {
        if (count < 2) {
            return 0;
        }
        double mean = meanNll();
        double var = Math.max(0, sumSquares / count - mean * mean);
        return perplexity() * Math.sqrt(var / (count - 1));
    }
}
