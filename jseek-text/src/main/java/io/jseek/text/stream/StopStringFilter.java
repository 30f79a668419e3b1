package io.jseek.text.stream;

import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts generated text at the first stop string, in a streaming way: text passes through as it arrives, except a
 * tail that is the beginning of some stop string, which is held until the next delta shows whether the stop string
 * completes (then it and everything after are dropped) or not (then it is released). Mutable; one per generation.
 * The Java API cuts the whole text with it, the HTTP server the answer.
 */
public final class StopStringFilter {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean matched;

    /** @param stops the stop strings; empty ones are ignored (they would stop before any text) */
    public StopStringFilter(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Adds {@code delta}; passes to {@code out} what is certainly not part of a stop string and returns true once a
     * stop string completed (the text before it has been passed on; later deltas are ignored and return true).
     */
    public boolean accept(String delta, Consumer<String> out) {
        if (matched) {
            return true;
        }
        if (stops.isEmpty()) {
            emitDirect(delta, out);
            return false;
        }
        pending.append(delta);
        int cut = firstMatch();
        if (cut >= 0) {
            emit(cut, out);
            pending.setLength(0);
            matched = true;
            return true;
        }
        emit(pending.length() - heldTail(), out);
        return false;
    }

    /** Releases the held tail: the generation ended without completing a stop string. */
    public void finish(Consumer<String> out) {
        if (!matched) {
            emit(pending.length(), out);
        }
    }

    private int firstMatch() {
        int first = -1;
        for (String stop : stops) {
            int i = pending.indexOf(stop);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    /** Length of the longest tail of the pending text that is a proper prefix of a stop string. */
    private int heldTail() {
        int best = 0;
        int n = pending.length();
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, n); len > best; len--) {
                if (endsWith(pending, stop, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    /** Whether {@code text} ends with the first {@code len} characters of {@code prefixOf}. */
    static boolean endsWith(CharSequence text, String prefixOf, int len) {
        int offset = text.length() - len;
        for (int i = 0; i < len; i++) {
            if (text.charAt(offset + i) != prefixOf.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void emitDirect(String delta, Consumer<String> out) {
        if (!delta.isEmpty()) {
            out.accept(delta);
        }
    }

    private void emit(int length, Consumer<String> out) {
        if (length > 0) {
            out.accept(pending.substring(0, length));
            pending.delete(0, length);
        }
    }
}
