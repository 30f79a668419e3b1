package io.jseek.server.backend;

import io.jseek.engine.EngineEvent;
import io.jseek.engine.EventSink;
import io.jseek.engine.Usage;
import io.jseek.server.AnswerUsage;
import io.jseek.server.GenerationSink;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.ReasoningSplitter;
import io.jseek.text.stream.TopLogprob;
import io.jseek.tokenizer.TokenStreamDecoder;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one request's engine events (token ids) into the server's text events: detokenizes incrementally (control
 * tokens rendered, so tool-call markup reaches the server's parser), splits chat answers into reasoning and content
 * at {@code <think>}, counts the chain-of-thought tokens, and maps the engine's usage with its prefix-cache hits.
 *
 * <p>Logprobs, when the request asked for them, go with the answer text only: each answer token's entry waits until
 * text that includes it is passed on (a token may complete no character yet, and the splitter holds back blank
 * space), while the entries of reasoning tokens are dropped, as DeepSeek has no logprobs for the chain of thought.
 *
 * <p>Runs on the engine thread under the engine's lock: everything here is in-memory work, and the server's sink only
 * enqueues. A request's events arrive in order with exactly one {@link EngineEvent.Finished}, so no state is shared.
 */
final class GenerationBridge implements EventSink {
    private final Tokenizer tokenizer;
    private final GenerationSink sink;
    private final TokenStreamDecoder decoder;
    private final ReasoningSplitter splitter;
    private final List<PositionLogprobs> pendingLogprobs = new ArrayList<>();
    private int reasoningTokens;

    /**
     * @param chat split reasoning from the answer (chat); false passes all text as answer (completions, FIM)
     * @param opensReasoning the prompt ends inside {@code <think>}
     */
    GenerationBridge(Tokenizer tokenizer, boolean chat, boolean opensReasoning, GenerationSink sink) {
        this.tokenizer = tokenizer;
        this.sink = sink;
        this.decoder = tokenizer.streamDecoder(true);
        this.splitter = chat ? new ReasoningSplitter(opensReasoning, t -> sink.onText(true, t, List.of()),
                t -> sink.onText(false, t, takeLogprobs())) : null;
    }

    /**
     * Whether the text so far is inside the reasoning block, for a logits processor that must wait for the answer.
     * Current at every step: the engine delivers a token here before it samples the next.
     */
    boolean inReasoning() {
        return splitter != null && splitter.inReasoning();
    }

    @Override
    public void accept(EngineEvent event) {
        switch (event) {
            case EngineEvent.Token t -> token(decoder.accept(t.token()), t.hasLogprob() ? logprob(t) : null);
            case EngineEvent.Finished f -> {
                text(decoder.finish());
                if (splitter != null) {
                    splitter.finish();
                }
                sink.onFinish(f.reason(), usage(f.usage()), f.error());
            }
        }
    }

    private void token(String text, PositionLogprobs logprob) {
        if (splitter == null) {
            if (logprob != null) {
                pendingLogprobs.add(logprob);
            }
            text(text);
            return;
        }
        boolean before = splitter.inReasoning();
        if (!before && logprob != null) {
            pendingLogprobs.add(logprob);
        }
        splitter.accept(text);
        if (splitter.inReasoning()) {
            pendingLogprobs.clear(); // what was held since the start turned out to open the reasoning
        }
        if (before || splitter.inReasoning()) {
            reasoningTokens++;
        }
    }

    private void text(String text) {
        if (splitter != null) {
            splitter.accept(text);
        } else if (!text.isEmpty()) {
            sink.onText(false, text, takeLogprobs());
        }
    }

    private List<PositionLogprobs> takeLogprobs() {
        if (pendingLogprobs.isEmpty()) {
            return List.of();
        }
        List<PositionLogprobs> out = List.copyOf(pendingLogprobs);
        pendingLogprobs.clear();
        return out;
    }

    private PositionLogprobs logprob(EngineEvent.Token t) {
        List<TopLogprob> top = t.topLogprobs().stream().map(a -> TopLogprob.of(tokenizer, a)).toList();
        return new PositionLogprobs(TopLogprob.of(tokenizer, t.token(), t.logprob()), top);
    }

    private AnswerUsage usage(Usage u) {
        return new AnswerUsage(u, Math.min(reasoningTokens, u.completionTokens()));
    }
}
