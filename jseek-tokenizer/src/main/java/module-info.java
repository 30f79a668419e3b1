/** Byte-level BPE tokenizers of the DeepSeek family, loaded from GGUF metadata or a Hugging Face tokenizer.json. */
module io.jseek.tokenizer {
    requires transitive io.jseek.gguf;
    requires com.fasterxml.jackson.databind;
    exports io.jseek.tokenizer;
}
