/** Hugging Face checkpoints: safetensors over mmap (F32, F16, BF16, block-scaled FP8) and conversion to GGUF. */
module io.jseek.convert {
    requires transitive io.jseek.tokenizer;
    requires com.fasterxml.jackson.databind;
    exports io.jseek.convert;
    exports io.jseek.convert.safetensors;
}
