package io.jseek.server.openai;

import io.jseek.server.AnswerUsage;
import io.jseek.server.ApiException;
import io.jseek.server.Json;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.PositionLogprobs;
import java.util.List;

/**
 * A chat answer as server-sent events, as DeepSeek sends it: a first chunk with the role, one chunk per reasoning or
 * content delta and per tool call, a chunk with the finish reason, with {@code include_usage} a last chunk with no
 * choices and the usage, then {@code data: [DONE]}. Keep-alives are SSE comments, which the OpenAI SDKs skip. An
 * error after the stream began is sent as an {@code error} event before {@code [DONE]}.
 */
final class ChatStreamOutput implements AnswerOutput {
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final ResponseChannel channel;
    private final String id = Ids.next("chatcmpl-");
    private final long created = System.currentTimeMillis() / 1000;
    private final String model;
    private final boolean includeUsage;

    ChatStreamOutput(ResponseChannel channel, String model, boolean includeUsage) {
        this.channel = channel;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public void started() {
        channel.begin(EVENT_STREAM, true);
        send(new ChatWire.Delta("assistant", "", null, null), null, null);
    }

    @Override
    public void reasoning(String text, List<PositionLogprobs> logprobs) {
        send(new ChatWire.Delta(null, null, text, null), null, null);
    }

    @Override
    public void content(String text, List<PositionLogprobs> logprobs) {
        send(new ChatWire.Delta(null, text, null, null), logprobs.isEmpty() ? null : ChatWire.Logprobs.of(logprobs),
                null);
    }

    @Override
    public void toolCall(int index, ToolCall call) {
        ChatWire.ToolCallJson json = new ChatWire.ToolCallJson(index, Ids.next("call_"), "function",
                new ChatWire.Function(call.name(), call.arguments()));
        send(new ChatWire.Delta(null, null, null, List.of(json)), null, null);
    }

    @Override
    public void keepAlive() {
        channel.write(": keep-alive\n\n");
    }

    @Override
    public void finish(String finishReason, AnswerUsage usage) {
        send(new ChatWire.Delta(null, null, null, null), null, finishReason);
        if (includeUsage) {
            event(new ChatWire.Chunk(id, "chat.completion.chunk", created, model, ChatBufferedOutput.FINGERPRINT,
                    List.of(), ChatWire.Usage.of(usage)));
        }
        channel.write("data: [DONE]\n\n");
    }

    @Override
    public void fail(ApiException error) {
        channel.begin(EVENT_STREAM, true);
        channel.write("data: " + Json.writeString(error.body()) + "\n\n");
        channel.write("data: [DONE]\n\n");
    }

    private void send(ChatWire.Delta delta, ChatWire.Logprobs logprobs, String finishReason) {
        event(new ChatWire.Chunk(id, "chat.completion.chunk", created, model, ChatBufferedOutput.FINGERPRINT,
                List.of(new ChatWire.ChunkChoice(0, delta, logprobs, finishReason)), null));
    }

    private void event(Object chunk) {
        channel.write("data: " + Json.writeString(chunk) + "\n\n");
    }

    @Override
    public void complete() {
        channel.complete();
    }
}
