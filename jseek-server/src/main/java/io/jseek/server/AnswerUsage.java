package io.jseek.server;

import io.jseek.engine.Usage;

/**
 * Token accounting of one request as DeepSeek reports it: the engine's, plus how many completion tokens were chain
 * of thought. The engine cannot count those (it sees ids, the {@code <think>} split is made on the text), so they are
 * added here rather than carried as an always-zero field of {@link Usage}.
 *
 * @param tokens prompt, prefix-cache and completion counts
 * @param reasoningTokens completion tokens that were chain of thought, at most {@code tokens.completionTokens()}
 */
public record AnswerUsage(Usage tokens, int reasoningTokens) {
    public static final AnswerUsage ZERO = new AnswerUsage(new Usage(0, 0, 0, 0), 0);
}
