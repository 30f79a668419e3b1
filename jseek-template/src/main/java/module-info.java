/** Chat templates: the model's own Jinja template rendered with Hugging Face semantics, and built-in fallbacks. */
module io.jseek.template {
    requires jinjava;
    requires com.fasterxml.jackson.databind;
    // java.beans.FeatureDescriptor appears in the signature of Jinjava's (shaded) ELResolver.
    requires java.desktop;
    exports io.jseek.template;
    // Jinjava calls the template functions (raise_exception) reflectively.
    exports io.jseek.template.jinja to jinjava;
}
