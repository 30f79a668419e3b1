package io.jseek.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threads N}: compute threads, 0 (the default) for all processors; one spelling and one check for the
 * commands that load or quantize a model (a picocli mixin).
 */
final class ThreadsFlag {
    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all processors).")
    int threads;

    /**
     * The flag's value, 0 for all processors.
     *
     * @throws IllegalArgumentException naming the flag, when it is negative
     */
    int value() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be 0 (all processors) or more, got " + threads);
        }
        return threads;
    }
}
