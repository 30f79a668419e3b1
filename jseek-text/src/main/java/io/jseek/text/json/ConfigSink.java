package io.jseek.text.json;

/**
 * Collects the configurations a step produces into a caller-owned array. Beyond the array's capacity further
 * configurations are dropped: each one kept is still a valid parse, so dropping only narrows the choice (it can
 * only matter for schemas with many overlapping anyOf branches).
 */
final class ConfigSink {
    int[] items;
    int size;

    /** Starts collecting into {@code target}. */
    void reset(int[] target) {
        items = target;
        size = 0;
    }

    void add(int config) {
        if (size < items.length) {
            items[size++] = config;
        }
    }
}
