package io.jseek.template;

/**
 * A chat template could not be parsed or rendered: a syntax error, an unknown filter or function, a failing
 * expression, or the template's own {@code raise_exception(message)}. The message names the problem and, when
 * known, the template line.
 */
public final class ChatTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public ChatTemplateException(String message, int line, Throwable cause) {
        super(line > 0 ? message + " (template line " + line + ")" : message, cause);
        this.line = line;
    }

    public ChatTemplateException(String message) {
        this(message, -1, null);
    }

    /** The 1-based template line of the problem, or -1 when unknown. */
    public int line() {
        return line;
    }
}
