package io.jseek.model.eval;

/**
 * Log-probabilities of a logits row, in double precision (the sums run over a vocabulary of up to 150k entries).
 */
public final class LogSoftmax {
    private LogSoftmax() {
    }

    /** {@code log Σ exp(logits[offset + i])} over {@code n} entries. */
    public static double logSumExp(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + n; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return max + Math.log(sum);
    }

    /** The index of the largest of {@code n} entries (the first of equals). */
    public static int argmax(float[] logits, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
