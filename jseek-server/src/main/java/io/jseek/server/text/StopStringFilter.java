package io.jseek.server.text;

import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts streamed text at the first stop string: text passes through as it arrives, except a tail that could be the
 * start of a stop string, held until the next delta shows whether it completes (then it and everything after are
 * dropped) or not (then it is released). Mutable; one per generation.
 */
public final class StopStringFilter {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean matched;

    /** @param stops the stop strings; empty ones are ignored */
    public StopStringFilter(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Adds {@code delta}, passes on what is certainly not part of a stop string, and returns true once a stop string
     * completed (the text before it has been passed on; later deltas are ignored).
     */
    public boolean accept(String delta, Consumer<String> out) {
        if (matched) {
            return true;
        }
        if (stops.isEmpty()) {
            out.accept(delta);
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

    /** Releases the held tail: the text ended without completing a stop string. */
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
                if (pending.substring(n - len).equals(stop.substring(0, len))) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private void emit(int length, Consumer<String> out) {
        if (length > 0) {
            out.accept(pending.substring(0, length));
            pending.delete(0, length);
        }
    }
}
