package io.jseek.server.openai;

import io.jseek.server.AnswerUsage;
import io.jseek.server.ApiException;
import io.jseek.server.Json;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.PositionLogprobs;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat answer as one {@code chat.completion} object. While the answer is not ready, keep-alives are blank lines, as
 * DeepSeek sends them: JSON parsers skip leading whitespace, and a write to a vanished client fails. That commits
 * status 200, so a failure after a keep-alive is reported as an error body under 200.
 */
final class ChatBufferedOutput implements AnswerOutput {
    static final String FINGERPRINT = "jseek";
    static final String JSON = "application/json; charset=utf-8";

    private final ResponseChannel channel;
    private final String model;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<PositionLogprobs> logprobs = new ArrayList<>();
    private final List<ChatWire.ToolCallJson> calls = new ArrayList<>();
    private final boolean wantLogprobs;

    ChatBufferedOutput(ResponseChannel channel, String model, boolean wantLogprobs) {
        this.channel = channel;
        this.model = model;
        this.wantLogprobs = wantLogprobs;
    }

    @Override
    public void started() {
    }

    @Override
    public void reasoning(String text, List<PositionLogprobs> lp) {
        reasoning.append(text);
    }

    @Override
    public void content(String text, List<PositionLogprobs> lp) {
        content.append(text);
        logprobs.addAll(lp);
    }

    @Override
    public void toolCall(int index, ToolCall call) {
        calls.add(new ChatWire.ToolCallJson(null, Ids.next("call_"), "function",
                new ChatWire.Function(call.name(), call.arguments())));
    }

    @Override
    public void keepAlive() {
        channel.begin(JSON, false);
        channel.write("\n");
    }

    @Override
    public void finish(String finishReason, AnswerUsage usage) {
        String text = content.isEmpty() && !calls.isEmpty() ? null : content.toString();
        ChatWire.Message message = new ChatWire.Message("assistant", text,
                reasoning.isEmpty() ? null : reasoning.toString(), calls.isEmpty() ? null : List.copyOf(calls));
        ChatWire.Choice choice = new ChatWire.Choice(0, message, wantLogprobs ? ChatWire.Logprobs.of(logprobs) : null,
                finishReason);
        ChatWire.Completion body = new ChatWire.Completion(Ids.next("chatcmpl-"), "chat.completion",
                System.currentTimeMillis() / 1000, model, FINGERPRINT, List.of(choice), ChatWire.Usage.of(usage));
        channel.begin(JSON, false);
        channel.write(Json.write(body));
    }

    @Override
    public void fail(ApiException error) {
        if (!channel.committed()) {
            throw error;
        }
        channel.write(Json.write(error.body()));
    }

    @Override
    public void complete() {
        channel.complete();
    }
}
