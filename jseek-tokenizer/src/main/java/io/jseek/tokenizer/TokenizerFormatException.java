package io.jseek.tokenizer;

import java.io.IOException;

/** A tokenizer definition (GGUF metadata or tokenizer.json) that is malformed or uses an unsupported feature. */
public final class TokenizerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
