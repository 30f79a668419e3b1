package io.jseek.cli;

import io.jseek.api.ChatListener;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams one chat answer: reasoning dimmed on a terminal (framed by "Thinking..." lines elsewhere, as plain text
 * has no dim), or hidden, then the answer. Stops when {@code stop} is set (Ctrl-C).
 */
final class ChatPrinter implements ChatListener {
    private static final String DIM = "\u001B[2m";
    private static final String RESET = "\u001B[0m";

    private final PrintWriter out;
    private final boolean ansi;
    private final boolean hideReasoning;
    private final AtomicBoolean stop;
    private boolean inReasoning;

    ChatPrinter(PrintWriter out, boolean ansi, boolean hideReasoning, AtomicBoolean stop) {
        this.out = out;
        this.ansi = ansi;
        this.hideReasoning = hideReasoning;
        this.stop = stop;
    }

    @Override
    public void onReasoning(String delta) {
        if (hideReasoning) {
            return;
        }
        if (!inReasoning) {
            out.print(ansi ? DIM : "Thinking...\n");
            inReasoning = true;
        }
        out.print(delta);
        out.flush();
    }

    @Override
    public void onContent(String delta) {
        endReasoning();
        out.print(delta);
        out.flush();
    }

    @Override
    public boolean stopRequested() {
        return stop.get();
    }

    /** Ends the answer: closes the reasoning block if the answer ended inside it. */
    void finish() {
        endReasoning();
        out.println();
        out.flush();
    }

    private void endReasoning() {
        if (inReasoning) {
            out.print(ansi ? RESET + "\n\n" : "\n...done thinking.\n\n");
            inReasoning = false;
        }
    }
}
