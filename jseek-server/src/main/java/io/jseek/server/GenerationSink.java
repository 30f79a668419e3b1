package io.jseek.server;

import io.jseek.engine.FinishReason;
import io.jseek.text.stream.PositionLogprobs;
import java.util.List;

/**
 * Receives one generation's events. Called on the backend's thread, which must never wait for a client: the server's
 * implementation only enqueues. Text deltas of each channel concatenate to the whole reasoning and answer.
 */
public interface GenerationSink {

    /**
     * More text.
     *
     * @param reasoning true for chain-of-thought text (inside {@code <think>}), false for the answer
     * @param text the delta; never empty
     * @param logprobs one entry per token the delta completes when logprobs were asked for, else empty
     */
    void onText(boolean reasoning, String text, List<PositionLogprobs> logprobs);

    /**
     * The last event.
     *
     * @param reason why it ended; {@link FinishReason#CANCELLED} after {@link GenerationHandle#cancel()}
     * @param usage token accounting
     * @param error what failed when {@code reason} is {@link FinishReason#ERROR}, else null
     */
    void onFinish(FinishReason reason, AnswerUsage usage, String error);
}
