/** The public Java API of jseek: load a model, generate text and chat, with streaming callbacks. */
module io.jseek.api {
    requires transitive io.jseek.model;
    requires transitive io.jseek.template;
    requires io.jseek.hub;
    requires transitive io.jseek.engine;
    requires transitive com.fasterxml.jackson.databind;
    exports io.jseek.api;
    exports io.jseek.api.json;
    exports io.jseek.api.tools;
}
