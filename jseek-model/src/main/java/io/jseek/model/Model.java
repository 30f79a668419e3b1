package io.jseek.model;

import io.jseek.gguf.GgufFile;

/**
 * A loaded decoder-only language model: weights viewed over the memory-mapped GGUF file, its hyper-parameters and
 * the compute pool that runs it. Every model runs its forward step as a {@link PagedModel}: one batched step over a
 * paged KV cache, of which a decode step of one sequence is a batch of one token.
 */
public interface Model extends AutoCloseable {
    ModelConfig config();

    /** The file the weights come from (for the tokenizer and other metadata). */
    GgufFile gguf();

    /** Stops the compute threads and, when the model opened the file itself, unmaps it. */
    @Override
    void close();
}
