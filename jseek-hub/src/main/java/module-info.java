/** Pulls GGUF models from the Hugging Face hub into a local cache, and resolves short model names. */
module io.jseek.hub {
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    exports io.jseek.hub;
}
