/**
 * The text around the engine, shared by the Java API and the HTTP server: chat prompts from templates, engine
 * events to text (detokenizing, stop strings, reasoning split, logprobs), tool-call parsing and JSON constrained
 * decoding.
 */
module io.jseek.text {
    requires transitive io.jseek.engine;
    requires transitive io.jseek.template;
    requires transitive com.fasterxml.jackson.databind;
    exports io.jseek.text.chat;
    exports io.jseek.text.json;
    exports io.jseek.text.stream;
    exports io.jseek.text.tools;
}
