package io.jseek.engine;

/**
 * Part of a step: feed one sequence's last token at {@code position} (its KV goes to row
 * {@code position % blockSize} of {@code blockTable[position / blockSize]}) and return the logits after it.
 *
 * @param sequenceId the sequence
 * @param position the token's position; positions before it already have KV
 * @param token the token fed
 * @param blockTable the sequence's blocks, covering {@code position}
 */
public record DecodeStep(long sequenceId, int position, int token, int[] blockTable) {
}
