/** The DeepSeek-family architectures: weights over memory-mapped GGUF tensors, forward passes and sampling. */
module io.jseek.model {
    requires transitive io.jseek.gguf;
    requires transitive io.jseek.tokenizer;
    requires jdk.incubator.vector;
    exports io.jseek.model;
    exports io.jseek.model.ops;
    exports io.jseek.model.llama;
    exports io.jseek.model.deepseek2;
    exports io.jseek.model.eval;
    exports io.jseek.model.random;
    exports io.jseek.model.quantize;
}
