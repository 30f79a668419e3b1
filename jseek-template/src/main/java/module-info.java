/** Chat templates: the model's own Jinja template rendered with Hugging Face semantics, and built-in fallbacks. */
module io.jseek.template {
    requires jinjava;
    requires com.fasterxml.jackson.databind;
    exports io.jseek.template;
}
