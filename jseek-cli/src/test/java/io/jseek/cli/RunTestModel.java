package io.jseek.cli;

import io.jseek.model.fixtures.ChatTestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shared {@link ChatTestModel}, written once per build under {@code target/}. */
final class RunTestModel {
    static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));

    private RunTestModel() {
    }

    static Path file() {
        try {
            return ChatTestModel.file(Path.of("target", "tiny-models"), TESTDATA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
