package io.jseek.model;

import java.io.IOException;

/**
 * A GGUF file that jseek cannot run as a model: an unsupported architecture, a missing or misshapen tensor, or
 * inconsistent hyper-parameters. The message names the file, the problem and, for architectures, what is supported.
 */
public final class ModelLoadException extends IOException {
    public ModelLoadException(String message) {
        super(message);
    }
}
