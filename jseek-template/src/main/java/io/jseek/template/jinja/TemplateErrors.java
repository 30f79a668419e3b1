package io.jseek.template.jinja;

import com.hubspot.jinjava.interpret.TemplateError;
import io.jseek.template.ChatTemplateException;
import java.util.List;

/**
 * Turns Jinjava's collected {@link TemplateError}s into one {@link ChatTemplateException}. Jinjava keeps rendering
 * after an error and records it; Python Jinja stops at the first one, so the first fatal error is reported. Warnings
 * (e.g. a missing dict key, which Python Jinja treats as undefined) are not errors.
 */
final class TemplateErrors {

    private TemplateErrors() {
    }

    static void throwIfFatal(List<TemplateError> errors) {
        for (TemplateError error : errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw toException(error);
            }
        }
    }

    static ChatTemplateException fromException(RuntimeException e, int line) {
        Throwable known = knownCause(e);
        if (known != null) {
            return new ChatTemplateException(describe(known), line, known);
        }
        return new ChatTemplateException("template failed: " + e, line, e);
    }

    private static ChatTemplateException toException(TemplateError error) {
        Throwable known = knownCause(error.getException());
        String message = known != null ? describe(known) : "template error: " + error.getMessage();
        return new ChatTemplateException(message, error.getLineno(), known != null ? known : error.getException());
    }

    /** The bridge's own exception in the cause chain, whose message is clearer than Jinjava's wrapping. */
    private static Throwable knownCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateRaisedException || t instanceof PythonTypeError
                    || t instanceof StrictContext.UnknownNameException) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Throwable known) {
        if (known instanceof TemplateRaisedException) {
            return "template raised an exception: " + known.getMessage();
        }
        return "template error: " + known.getMessage();
    }
}
