package io.jseek.engine;

/** Why a sequence stopped; maps onto OpenAI's {@code finish_reason} ({@code cancelled}/{@code error} are ours). */
public enum FinishReason {
    /** A stop token was sampled, or the client asked to stop (a stop string matched). */
    STOP,
    /** The completion reached its token limit or the context length. */
    LENGTH,
    /** The client went away or cancelled; the sequence's blocks were freed at once. */
    CANCELLED,
    /** The model runner failed on a step that included the sequence. */
    ERROR
}
