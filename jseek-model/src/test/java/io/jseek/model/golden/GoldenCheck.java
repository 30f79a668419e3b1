package io.jseek.model.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.model.Sampler;
import io.jseek.model.eval.LogSoftmax;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One golden case's comparison with llama.cpp, shared by the dense and deepseek2 golden tests: at each step, every
 * reference probability must lie within {@code tolerance} of ours, and our argmax must equal llama.cpp's token unless
 * its top two probabilities are within {@code tieMargin}. {@link #finish} reports the case and asserts, or with
 * {@code -Djseek.golden.measure=true} only reports.
 */
public final class GoldenCheck {
    /** With {@code -Djseek.golden.measure=true} deviations and greedy mismatches are reported, not asserted. */
    static final boolean MEASURE = Boolean.getBoolean("jseek.golden.measure");

    private final String name;
    private final double tolerance;
    private final double tieMargin;
    private final long startNanos = System.nanoTime();
    private final List<String> mismatches = new ArrayList<>();
    private double maxDev;
    private String worst = "";
    private int greedy;

    public GoldenCheck(String name, double tolerance, double tieMargin) {
        this.name = name;
        this.tolerance = tolerance;
        this.tieMargin = tieMargin;
    }

    /**
     * Compares one step: {@code top} is llama.cpp's {@code [[token, probability], ...]}, most likely first, and
     * {@code expected} the token it chose.
     */
    public void step(String prompt, int step, float[] logits, JsonNode top, int expected) {
        String where = name + "/" + prompt + " step " + step;
        double[] probs = softmax(logits);
        for (JsonNode entry : top) {
            int token = entry.get(0).asInt();
            double dev = Math.abs(probs[token] - entry.get(1).asDouble());
            if (dev > maxDev) {
                maxDev = dev;
                worst = String.format(Locale.ROOT, "%s token %d: ours %.6f, llama.cpp %.6f", where, token,
                        probs[token], entry.get(1).asDouble());
            }
        }
        if (top.size() < 2 || top.get(0).get(1).asDouble() - top.get(1).get(1).asDouble() >= tieMargin) {
            int ours = Sampler.argmax(logits, logits.length);
            greedy++;
            if (ours != expected) {
                mismatches.add(where + ": " + ours + " vs " + expected);
            }
        }
    }

    /** Prints the case's numbers and asserts them (unless measuring). */
    public void finish() {
        System.out.printf(Locale.ROOT, "golden %-20s max |dp| = %.2e (tolerance %.0e), greedy steps checked %d,"
                        + " mismatches %d, %.1f s%n", name, maxDev, tolerance, greedy, mismatches.size(),
                (System.nanoTime() - startNanos) / 1e9);
        if (MEASURE) {
            System.out.println("  worst: " + worst + "; mismatches " + mismatches);
        } else {
            assertTrue(maxDev <= tolerance, name + ": " + worst);
            assertTrue(mismatches.isEmpty(), name + ": greedy mismatches " + mismatches);
        }
    }

    static double[] softmax(float[] logits) {
        double logSum = LogSoftmax.logSumExp(logits, 0, logits.length);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - logSum);
        }
        return p;
    }
}
