package io.jseek.convert;

import java.io.IOException;

/** A checkpoint that cannot be converted: the message is one line naming the file, key or tensor at fault. */
public final class ConvertException extends IOException {
    public ConvertException(String message) {
        super(message);
    }
}
