/** GGUF files: a memory-mapped reader (v2, v3, split files) and a v3 writer. */
module io.jseek.gguf {
    requires transitive io.jseek.tensor;
    exports io.jseek.gguf;
}
