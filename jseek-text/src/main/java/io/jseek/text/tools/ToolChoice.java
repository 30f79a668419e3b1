package io.jseek.text.tools;

import java.util.Objects;

/**
 * {@code tool_choice}: whether a chat turn that offers tools may answer in text ({@link #AUTO}), should
 * ({@link #NONE}), or must call one of them ({@link #REQUIRED}) or a named one ({@link #function}). The last two are
 * enforced by constrained decoding ({@link ToolCallLogitsProcessor}) in the Java API's chat and in the server's
 * engine.
 *
 * @param mode the kind
 * @param function the function's name for {@link Mode#FUNCTION}, else null
 */
public record ToolChoice(Mode mode, String function) {
    /** The model decides (the default). */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    /** No call is wanted; the tools are still listed to the model and a call it makes is still parsed. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    /** The answer is one call of one of the tools. */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.FUNCTION) != (function != null)) {
            throw new IllegalArgumentException("a tool choice names a function exactly when its mode is FUNCTION");
        }
        if (function != null && function.isBlank()) {
            throw new IllegalArgumentException("the tool choice's function name is blank");
        }
    }

    /** The answer is one call of the function {@code name}. */
    public static ToolChoice function(String name) {
        return new ToolChoice(Mode.FUNCTION, Objects.requireNonNull(name, "name"));
    }

    /** Whether the answer must be a tool call. */
    public boolean forcesCall() {
        return mode == Mode.REQUIRED || mode == Mode.FUNCTION;
    }

    /** The {@code mode} values. */
    public enum Mode { AUTO, NONE, REQUIRED, FUNCTION }
}
