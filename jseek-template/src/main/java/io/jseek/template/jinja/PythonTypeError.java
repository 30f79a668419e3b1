package io.jseek.template.jinja;

/**
 * An operation Python (and @huggingface/jinja) rejects but Jinjava would silently coerce, such as
 * {@code 'text' + none} (Jinjava: {@code "textnull"}).
 */
final class PythonTypeError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PythonTypeError(String message) {
        super(message, null, false, false);
    }
}
