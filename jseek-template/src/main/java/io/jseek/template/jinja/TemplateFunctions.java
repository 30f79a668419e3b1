package io.jseek.template.jinja;

/**
 * Global functions that Hugging Face chat templates call and Jinjava lacks. Jinjava invokes them reflectively,
 * which is why this class and its methods are public (the package is exported to {@code jinjava} only).
 */
public final class TemplateFunctions {

    private TemplateFunctions() {
    }

    /** transformers' {@code raise_exception(message)}: aborts rendering with the template's own message. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }
}
