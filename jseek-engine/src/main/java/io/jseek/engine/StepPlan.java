package io.jseek.engine;

import java.util.List;

/**
 * What one engine step computes: prefill chunks and single-token decodes, all in one batch. The total of tokens
 * never exceeds the scheduler's per-step budget.
 *
 * @param prefills chunks of prompts (or of recomputed sequences after preemption)
 * @param decodes one token for every decoding sequence that is still running
 * @param preempted sequences sent back to the waiting queue while planning (their KV is recomputed later)
 */
public record StepPlan(List<PrefillChunk> prefills, List<DecodeStep> decodes, List<Long> preempted) {
    public StepPlan {
        prefills = List.copyOf(prefills);
        decodes = List.copyOf(decodes);
        preempted = List.copyOf(preempted);
    }

    public boolean isEmpty() {
        return prefills.isEmpty() && decodes.isEmpty();
    }

    /** Tokens computed by this step. */
    public int totalTokens() {
        int n = decodes.size();
        for (PrefillChunk c : prefills) {
            n += c.tokens().length;
        }
        return n;
    }
}
