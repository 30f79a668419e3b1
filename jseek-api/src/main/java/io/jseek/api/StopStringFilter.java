package io.jseek.api;

import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts generated text at the first stop string, in a streaming way: text passes through as it arrives, except a
 * tail that is the beginning of some stop string, which is held until the next delta shows whether the stop string
 * completes (then it and everything after are dropped) or not (then it is released). Mutable; one per generation.
 */
final class StopStringFilter {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();

    StopStringFilter(List<String> stops) {
        this.stops = stops;
    }

    /**
     * Adds {@code delta}; passes to {@code out} what is certainly not part of a stop string and returns true when a
     * stop string completed (the text before it has been passed on; the filter must not be used further).
     */
    boolean accept(String delta, Consumer<String> out) {
        pending.append(delta);
        int cut = firstMatch();
        if (cut >= 0) {
            emit(cut, out);
            pending.setLength(0);
            return true;
        }
        emit(pending.length() - heldTail(), out);
        return false;
    }

    /** Releases the held tail: the generation ended without completing a stop string. */
    void finish(Consumer<String> out) {
        emit(pending.length(), out);
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

    private void emit(int length, Consumer<String> out) {
        if (length > 0) {
            out.accept(pending.substring(0, length));
            pending.delete(0, length);
        }
    }
}
