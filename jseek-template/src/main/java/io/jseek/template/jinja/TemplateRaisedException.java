package io.jseek.template.jinja;

/** Thrown by the template's {@code raise_exception(message)}; carries the template's message unchanged. */
final class TemplateRaisedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TemplateRaisedException(String message) {
        super(message, null, false, false);
    }
}
