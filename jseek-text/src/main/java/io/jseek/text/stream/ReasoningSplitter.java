package io.jseek.text.stream;

import java.util.function.Consumer;

/**
 * Splits a streamed answer into reasoning and content at the {@code <think>…</think>} tags of DeepSeek-R1 and its
 * distills, the streaming counterpart of llama.cpp's {@code ((?:<think>)?([\s\S]*?)</think>)?([\s\S]*)}.
 *
 * <p>Three phases: at the start, the text is reasoning if it opens with {@code <think>} (leading blank space
 * allowed) or if the prompt already opened it (R1-Distill templates end with {@code <think>\n}); in the reasoning,
 * {@code </think>} switches to content; otherwise everything is content. When the text ends inside the reasoning,
 * all of it is reasoning and the content is empty. Blank space next to the tags is dropped, which is why the tail
 * of the reasoning that is blank or a partial {@code </think>} is held back until the next delta. Tags may arrive
 * split over any number of deltas. Mutable; one per generation.
 */
public final class ReasoningSplitter {
    public static final String OPEN = "<think>";
    public static final String CLOSE = "</think>";

    private enum Phase { START, REASONING, CONTENT }

    private final Consumer<String> reasoningOut;
    private final Consumer<String> contentOut;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private Phase phase;
    private boolean sectionStart = true;

    /**
     * @param promptOpenedReasoning whether the prompt ends with {@code <think>}, so the text starts in the reasoning
     */
    public ReasoningSplitter(boolean promptOpenedReasoning, Consumer<String> reasoningOut, Consumer<String> contentOut) {
        this.phase = promptOpenedReasoning ? Phase.REASONING : Phase.START;
        this.reasoningOut = reasoningOut;
        this.contentOut = contentOut;
    }

    public void accept(String delta) {
        pending.append(delta);
        drain(false);
    }

    /** The text is complete: releases what was held back. */
    public void finish() {
        drain(true);
    }

    public String reasoning() {
        return reasoning.toString();
    }

    public String content() {
        return content.toString();
    }

    /**
     * Whether the text so far is inside the reasoning, so that a front end can count chain-of-thought tokens
     * ({@code reasoning_tokens}): a token is reasoning when this held before or after it was accepted.
     */
    public boolean inReasoning() {
        return phase == Phase.REASONING;
    }

    /** Whether the text so far could still open the reasoning: blank space or a beginning of {@code <think>}. */
    public boolean undecided() {
        return phase == Phase.START;
    }

    private void drain(boolean end) {
        boolean again = true;
        while (again) {
            again = switch (phase) {
                case START -> start(end);
                case REASONING -> inReasoning(end);
                case CONTENT -> inContent();
            };
        }
    }

    /** Decides between reasoning and content once the text is no longer a possible beginning of {@code <think>}. */
    private boolean start(boolean end) {
        int lead = leadingBlank();
        String rest = pending.substring(lead);
        if (rest.startsWith(OPEN)) {
            pending.delete(0, lead + OPEN.length());
            phase = Phase.REASONING;
            return true;
        }
        if (!end && OPEN.startsWith(rest)) {
            return false;
        }
        phase = Phase.CONTENT;
        return true;
    }

    private boolean inReasoning(boolean end) {
        if (!skipSectionStart()) {
            return false;
        }
        int close = pending.indexOf(CLOSE);
        if (close >= 0) {
            emit(reasoning, reasoningOut, pending.substring(0, close).stripTrailing());
            pending.delete(0, close + CLOSE.length());
            phase = Phase.CONTENT;
            sectionStart = true;
            return true;
        }
        int keep = end ? pending.length() - trailingBlank(pending.length()) : pending.length() - heldTail();
        emit(reasoning, reasoningOut, pending.substring(0, keep));
        pending.delete(0, end ? pending.length() : keep);
        return false;
    }

    private boolean inContent() {
        if (skipSectionStart()) {
            emit(content, contentOut, pending.toString());
            pending.setLength(0);
        }
        return false;
    }

    /** Drops blank space at the start of a section; false while nothing else has arrived yet. */
    private boolean skipSectionStart() {
        if (sectionStart) {
            pending.delete(0, leadingBlank());
            sectionStart = pending.isEmpty();
        }
        return !sectionStart;
    }

    /** The tail that may still turn out to be blank space before {@code </think>}, or a partial tag. */
    private int heldTail() {
        int n = pending.length();
        int partial = 0;
        for (int len = Math.min(CLOSE.length() - 1, n); len > 0; len--) {
            if (StopStringFilter.endsWith(pending, CLOSE, len)) {
                partial = len;
                break;
            }
        }
        return partial + trailingBlank(n - partial);
    }

    private int leadingBlank() {
        int i = 0;
        while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Blank characters just before index {@code end} of the pending text. */
    private int trailingBlank(int end) {
        int i = end;
        while (i > 0 && Character.isWhitespace(pending.charAt(i - 1))) {
            i--;
        }
        return end - i;
    }

    private static void emit(StringBuilder all, Consumer<String> out, String text) {
        if (!text.isEmpty()) {
            all.append(text);
            out.accept(text);
        }
    }
}
