package io.jseek.server.openai;

import io.jseek.server.AnswerUsage;
import io.jseek.server.ApiException;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.PositionLogprobs;
import java.util.List;

/**
 * Where a generation's answer goes once stop strings and tool calls are sorted out: an SSE stream or a buffered JSON
 * body, for chat or text completions. Every method may throw {@link ClientGoneException}.
 */
interface AnswerOutput {

    /** The backend accepted the request (streams send their first chunk). */
    void started();

    void reasoning(String text, List<PositionLogprobs> logprobs);

    void content(String text, List<PositionLogprobs> logprobs);

    /** A complete tool call; {@code index} counts the calls of this answer from 0. */
    void toolCall(int index, ToolCall call);

    /** Nothing was written for a while: keep the connection (and proxies) alive, and learn whether it still is. */
    void keepAlive();

    void finish(String finishReason, AnswerUsage usage);

    /** The generation failed after it was accepted. */
    void fail(ApiException error);

    /** The answer is complete: end the HTTP response. */
    void complete();
}
