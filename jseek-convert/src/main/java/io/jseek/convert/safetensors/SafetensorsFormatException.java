package io.jseek.convert.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file or checkpoint folder that cannot be read: the message names the file and the problem. */
public final class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
