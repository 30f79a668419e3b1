package io.jseek.model.deepseek2;

import io.jseek.model.ModelLoadException;

/**
 * How router logits become expert probabilities ({@code deepseek2.expert_gating_func}, llama.cpp
 * {@code llama_expert_gating_func_type}): DeepSeek-V2 uses softmax over all experts, V3/R1 an independent sigmoid per
 * expert. The key is absent in V2-era files, which llama.cpp reads as softmax.
 */
public enum ExpertGating {
    SOFTMAX,
    SIGMOID;

    /** Maps the GGUF value: 0 (absent) and 1 are softmax, 2 is sigmoid. */
    public static ExpertGating fromGguf(long value) throws ModelLoadException {
        return switch ((int) value) {
            case 0, 1 -> SOFTMAX;
            case 2 -> SIGMOID;
            default -> throw new ModelLoadException("deepseek2.expert_gating_func " + value
                    + " is not supported (1 = softmax, 2 = sigmoid)");
        };
    }

    /** The GGUF value written for this gating function. */
    public int ggufValue() {
        return this == SOFTMAX ? 1 : 2;
    }
}
