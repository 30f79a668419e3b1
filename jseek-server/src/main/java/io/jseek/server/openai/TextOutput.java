package io.jseek.server.openai;

import io.jseek.server.AnswerUsage;
import io.jseek.server.ApiException;
import io.jseek.server.Json;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.PositionLogprobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text completion, streamed (one {@code text_completion} chunk per delta, then {@code [DONE]}) or buffered (one
 * object). Reasoning text, should a backend split any, is part of the text here: the legacy API has no field for it.
 * With {@code echo}, the text starts with the prompt. Logprobs use the legacy parallel arrays.
 */
final class TextOutput implements AnswerOutput {
    private final ResponseChannel channel;
    private final String model;
    private final boolean stream;
    private final boolean includeUsage;
    private final boolean wantLogprobs;
    private final String echo;
    private final String id = Ids.next("cmpl-");
    private final long created = System.currentTimeMillis() / 1000;
    private final StringBuilder text = new StringBuilder();
    private final List<PositionLogprobs> logprobs = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();

    /** @param echo the prompt to start the text with, or null */
    TextOutput(ResponseChannel channel, String model, boolean stream, boolean includeUsage, boolean wantLogprobs,
               String echo) {
        this.channel = channel;
        this.model = model;
        this.stream = stream;
        this.includeUsage = includeUsage;
        this.wantLogprobs = wantLogprobs;
        this.echo = echo;
    }

    @Override
    public void started() {
        if (stream) {
            channel.begin(ChatStreamOutput.EVENT_STREAM, true);
        }
        if (echo != null && !echo.isEmpty()) {
            append(echo, List.of());
        }
    }

    @Override
    public void reasoning(String delta, List<PositionLogprobs> lp) {
        append(delta, lp);
    }

    @Override
    public void content(String delta, List<PositionLogprobs> lp) {
        append(delta, lp);
    }

    @Override
    public void toolCall(int index, ToolCall call) {
        append(call.arguments(), List.of());
    }

    @Override
    public void keepAlive() {
        channel.begin(stream ? ChatStreamOutput.EVENT_STREAM : ChatBufferedOutput.JSON, stream);
        channel.write(stream ? ": keep-alive\n\n" : "\n");
    }

    @Override
    public void finish(String finishReason, AnswerUsage usage) {
        if (!stream) {
            TextWire.Logprobs all = wantLogprobs ? legacy(logprobs, offsets) : null;
            channel.begin(ChatBufferedOutput.JSON, false);
            channel.write(Json.write(completion(List.of(new TextWire.Choice(text.toString(), 0, all, finishReason)),
                    ChatWire.Usage.of(usage))));
            return;
        }
        event(completion(List.of(new TextWire.Choice("", 0, null, finishReason)), null));
        if (includeUsage) {
            event(completion(List.of(), ChatWire.Usage.of(usage)));
        }
        channel.write("data: [DONE]\n\n");
    }

    @Override
    public void fail(ApiException error) {
        if (!channel.committed()) {
            throw error;
        }
        channel.write(stream ? "data: " + Json.writeString(error.body()) + "\n\ndata: [DONE]\n\n"
                : Json.writeString(error.body()));
    }

    private void append(String delta, List<PositionLogprobs> lp) {
        List<Integer> at = new ArrayList<>(lp.size());
        int offset = text.length();
        for (PositionLogprobs e : lp) {
            at.add(offset);
            offset += e.sampled().token().length();
        }
        text.append(delta);
        logprobs.addAll(lp);
        offsets.addAll(at);
        if (stream) {
            TextWire.Logprobs l = wantLogprobs ? legacy(lp, at) : null;
            event(completion(List.of(new TextWire.Choice(delta, 0, l, null)), null));
        }
    }

    private TextWire.Completion completion(List<TextWire.Choice> choices, ChatWire.Usage usage) {
        return new TextWire.Completion(id, "text_completion", created, model, ChatBufferedOutput.FINGERPRINT,
                choices, usage);
    }

    private void event(Object chunk) {
        channel.write("data: " + Json.writeString(chunk) + "\n\n");
    }

    /** Logprobs in the legacy layout; {@code offsets} are the tokens' positions in the text. */
    private static TextWire.Logprobs legacy(List<PositionLogprobs> entries, List<Integer> offsets) {
        List<String> tokens = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Map<String, Double>> top = new ArrayList<>();
        for (PositionLogprobs e : entries) {
            tokens.add(e.sampled().token());
            values.add((double) e.sampled().logprob());
            Map<String, Double> alternatives = new LinkedHashMap<>();
            e.top().forEach(a -> alternatives.putIfAbsent(a.token(), (double) a.logprob()));
            top.add(alternatives);
        }
        return new TextWire.Logprobs(tokens, values, top, List.copyOf(offsets));
    }

    @Override
    public void complete() {
        channel.complete();
    }
}
