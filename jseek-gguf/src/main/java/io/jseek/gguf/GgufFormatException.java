package io.jseek.gguf;

import java.io.IOException;
import java.nio.file.Path;

/** A GGUF file that cannot be read: the message names the file and the problem. */
public final class GgufFormatException extends IOException {
    public GgufFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public GgufFormatException(String message) {
        super(message);
    }
}
