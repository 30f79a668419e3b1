package io.jseek.model;

import io.jseek.gguf.GgufFile;

/**
 * A loaded decoder-only language model: weights viewed over the memory-mapped GGUF file, its hyper-parameters and
 * the compute pool that runs it.
 *
 * <p>Usage: {@code try (Model m = Models.load(path, ModelOptions.defaults())) { InferenceState s = m.newState(2048);
 * for (pos...) logits = m.forward(s, token, pos); }}. Tokens are fed one at a time at consecutive positions starting at
 * 0; feeding position {@code p} again overwrites the cache from {@code p} on (rewinding a sequence).
 */
public interface Model extends AutoCloseable {
    ModelConfig config();

    /** The file the weights come from (for the tokenizer and other metadata). */
    GgufFile gguf();

    /** A fresh sequence state for up to {@code contextLength} positions. */
    InferenceState newState(int contextLength);

    /**
     * Runs token {@code token} at position {@code pos} and returns the logits over the vocabulary (the state's own
     * buffer, overwritten by the next call).
     */
    float[] forward(InferenceState state, int token, int pos);

    /** Feeds {@code tokens} at positions {@code startPos, startPos + 1, ...}; returns the logits after the last one. */
    default float[] prefill(InferenceState state, int[] tokens, int startPos) {
        float[] logits = state.logits();
        for (int i = 0; i < tokens.length; i++) {
            logits = forward(state, tokens[i], startPos + i);
        }
        return logits;
    }

    /** Stops the compute threads and, when the model opened the file itself, unmaps it. */
    @Override
    void close();
}
