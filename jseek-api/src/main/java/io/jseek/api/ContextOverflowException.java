package io.jseek.api;

/** A prompt that does not leave room for a generated token in the model's context. */
public final class ContextOverflowException extends IllegalArgumentException {
    private final int promptTokens;
    private final int contextLength;

    public ContextOverflowException(int promptTokens, int contextLength) {
        super("the prompt is " + promptTokens + " tokens but the context holds " + contextLength
                + " (at least one position must stay free for the answer); shorten the prompt or raise the context"
                + " length (--ctx)");
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
