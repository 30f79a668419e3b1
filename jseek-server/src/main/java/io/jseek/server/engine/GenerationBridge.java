package io.jseek.server.engine;

import io.jseek.api.ReasoningSplitter;
import io.jseek.engine.EngineEvent;
import io.jseek.engine.EventSink;
import io.jseek.engine.Usage;
import io.jseek.server.GenerationSink;
import io.jseek.server.TokenUsage;
import io.jseek.tokenizer.TokenStreamDecoder;
import io.jseek.tokenizer.Tokenizer;
import java.util.List;

/**
 * Turns one request's engine events (token ids) into the server's text events: detokenizes incrementally (control
 * tokens rendered, so tool-call markup reaches the server's parser), splits chat answers into reasoning and content
 * at {@code <think>}, counts the chain-of-thought tokens, and maps the engine's usage with its prefix-cache hits.
 *
 * <p>Runs on the engine thread under the engine's lock: everything here is in-memory work, and the server's sink only
 * enqueues. A request's events arrive in order with exactly one {@link EngineEvent.Finished}, so no state is shared.
 */
final class GenerationBridge implements EventSink {
    private final GenerationSink sink;
    private final TokenStreamDecoder decoder;
    private final ReasoningSplitter splitter;
    private int reasoningTokens;

    /**
     * @param chat split reasoning from the answer (chat); false passes all text as answer (completions, FIM)
     * @param opensReasoning the prompt ends inside {@code <think>}
     */
    GenerationBridge(Tokenizer tokenizer, boolean chat, boolean opensReasoning, GenerationSink sink) {
        this.sink = sink;
        this.decoder = tokenizer.streamDecoder(true);
        this.splitter = chat ? new ReasoningSplitter(opensReasoning, t -> sink.onText(true, t, List.of()),
                t -> sink.onText(false, t, List.of())) : null;
    }

    @Override
    public void accept(EngineEvent event) {
        switch (event) {
            case EngineEvent.Token t -> text(decoder.accept(t.token()), true);
            case EngineEvent.Finished f -> {
                text(decoder.finish(), false);
                if (splitter != null) {
                    splitter.finish();
                }
                sink.onFinish(f.reason(), usage(f.usage()), f.error());
            }
        }
    }

    private void text(String text, boolean countToken) {
        if (splitter == null) {
            if (!text.isEmpty()) {
                sink.onText(false, text, List.of());
            }
            return;
        }
        boolean before = splitter.inReasoning();
        splitter.accept(text);
        if (countToken && (before || splitter.inReasoning())) {
            reasoningTokens++;
        }
    }

    private TokenUsage usage(Usage u) {
        return new TokenUsage(u.promptTokens(), u.completionTokens(), u.cacheHitTokens(), u.cacheMissTokens(),
                Math.min(reasoningTokens, u.completionTokens()));
    }
}
