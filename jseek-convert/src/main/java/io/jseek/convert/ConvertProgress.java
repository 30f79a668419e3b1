package io.jseek.convert;

/** Hears how a conversion goes: {@code start}, any number of {@code advance}, then {@code finish}. */
public interface ConvertProgress {
    ConvertProgress NONE = new ConvertProgress() {
    };

    /** Writing begins: {@code totalBytes} of tensor data will follow. */
    default void start(String label, long totalBytes) {
    }

    /** {@code bytes} more bytes of tensor data were written. */
    default void advance(long bytes) {
    }

    default void finish() {
    }
}
