package io.jseek.convert;

import java.nio.file.Path;

/** The shared test data folder (system property {@code jseek.testdata}). */
final class TestData {
    private TestData() {
    }

    static Path tokenizer(String file) {
        return Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"), "tokenizer", file);
    }
}
