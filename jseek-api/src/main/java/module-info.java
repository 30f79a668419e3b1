/** The public Java API of jseek: load a model, generate text and chat, with streaming callbacks. */
module io.jseek.api {
    requires transitive io.jseek.model;
    requires transitive io.jseek.template;
    requires io.jseek.hub;
    requires transitive io.jseek.engine;
    // ResponseFormat, ToolChoice and TopLogprob appear in this API's signatures.
    requires transitive io.jseek.text;
    requires transitive com.fasterxml.jackson.databind;
    exports io.jseek.api;
}
