package io.jseek.engine;

/**
 * Part of a step: compute the KV of {@code tokens} at positions {@code startPos, startPos + 1, ...} of one sequence.
 * Positions before {@code startPos} already have KV in the same blocks. Arrays are the runner's to read, not modify.
 *
 * @param sequenceId the sequence
 * @param startPos position of {@code tokens[0]}
 * @param tokens the chunk (at least one token)
 * @param blockTable the sequence's blocks, covering every position up to the end of the chunk
 * @param samples whether the chunk ends the prefill: the runner must return logits for its last token
 */
public record PrefillChunk(long sequenceId, int startPos, int[] tokens, int[] blockTable, boolean samples) {
    public int endPos() {
        return startPos + tokens.length;
    }
}
