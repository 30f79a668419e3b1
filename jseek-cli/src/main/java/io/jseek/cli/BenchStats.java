package io.jseek.cli;

import java.util.Arrays;

/**
 * Median, minimum and maximum of repeated measurements; the median is what comparisons use, because on a shared
 * machine a single slow run (another process, a GC) should not move the headline number.
 */
record BenchStats(double median, double min, double max) {

    static BenchStats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new BenchStats(median, sorted[0], sorted[n - 1]);
    }
}
