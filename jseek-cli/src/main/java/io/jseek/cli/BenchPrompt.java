package io.jseek.cli;

/**
 * The benchmark's prompt: token ids rather than text, so that both engines see exactly the same number of tokens
 * whatever their tokenizers do. Ids cycle through {@code [1000, 21000)}, ordinary tokens in every DeepSeek vocabulary
 * (control tokens sit at the start or the end of the id space). {@code tools/bench/side-by-side.mjs} uses the same
 * formula for llama.cpp.
 */
final class BenchPrompt {
    private BenchPrompt() {
    }

    /** Token {@code i} is {@code 1000 + (i * 7919) % 20000}. */
    static int[] tokens(int count) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = 1000 + (int) ((i * 7919L) % 20000);
        }
        return ids;
    }
}
