/** The public Java API of jseek: load a model, generate text and chat, with streaming callbacks. */
module io.jseek.api {
    requires transitive io.jseek.model;
    requires transitive io.jseek.template;
    requires io.jseek.hub;
    exports io.jseek.api;
}
