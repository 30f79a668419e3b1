package io.jseek.model;

import io.jseek.gguf.GgufFile;

/**
 * A loaded decoder-only language model: weights viewed over the memory-mapped GGUF file, its hyper-parameters and
 * the compute pool that runs it. Every model runs its forward step as a {@link PagedModel}; one sequence on its own
 * runs through {@link SingleSequence}.
 *
 * <p>Usage: {@code try (Model m = Models.load(path, ModelOptions.defaults())) { SingleSequence s = new
 * SingleSequence(m, 2048); float[] logits = s.prefill(prompt, 0); logits = s.forward(token, prompt.length); }}.
 */
public interface Model extends AutoCloseable {
    ModelConfig config();

    /** The file the weights come from (for the tokenizer and other metadata). */
    GgufFile gguf();

    /** Stops the compute threads and, when the model opened the file itself, unmaps it. */
    @Override
    void close();
}
