package io.jseek.text.stream;

import io.jseek.engine.EngineEvent;
import io.jseek.engine.EventSink;
import io.jseek.tokenizer.TokenStreamDecoder;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one engine sequence's events (token ids) into text, for the Java API and the HTTP server alike: detokenizes
 * incrementally (control tokens rendered, so tool-call markup reaches a parser), cuts at stop strings, splits a chat
 * answer into reasoning and content at {@code <think>} and counts the chain-of-thought tokens. Text goes through
 * those stages in that order, so stop strings see the whole text, reasoning included (the server gives none here:
 * it cuts only the answer, after the split).
 *
 * <p>Logprobs, when the request asked for them, go with the answer text only: each answer token's entry waits until
 * text that includes it is passed on (a token may complete no character yet, and the splitter holds back blank
 * space), while the entries of reasoning tokens are dropped, as DeepSeek has no logprobs for the chain of thought.
 *
 * <p>Runs on the engine's thread: a request's events arrive in order with exactly one {@link EngineEvent.Finished},
 * and each token before the engine samples the next, so {@link #inReasoning()} is current for a logits processor
 * that waits for the answer. Mutable; one per generation.
 */
public final class TextStream implements EventSink {

    /** Hears the text; called on the engine's thread. */
    public interface Listener {
        /**
         * More text.
         *
         * @param reasoning true for chain-of-thought text (inside {@code <think>}), false for the answer
         * @param text the delta; never empty
         * @param logprobs one entry per token the delta completes when the request asked for logprobs, else empty
         */
        void onText(boolean reasoning, String text, List<PositionLogprobs> logprobs);

        /**
         * The end, after the last text.
         *
         * @param reasoningTokens generated tokens that were chain of thought
         */
        default void onFinish(EngineEvent.Finished finished, int reasoningTokens) {
        }
    }

    private final Tokenizer tokenizer;
    private final Listener listener;
    private final TokenStreamDecoder decoder;
    private final StopStringFilter stops;
    private final ReasoningSplitter splitter;
    private final StringBuilder text = new StringBuilder();
    private final List<PositionLogprobs> pendingLogprobs = new ArrayList<>();
    private int reasoningTokens;
    /** Tokens accepted while the text could still open the reasoning: {@code <think>} may span several tokens. */
    private int undecidedTokens;
    private boolean stopMatched;

    /**
     * @param stop stop strings that end the text (empty for none)
     * @param chat split reasoning from the answer; false passes all text on as answer (raw completions, FIM)
     * @param opensReasoning the prompt ends inside {@code <think>}
     */
    public TextStream(Tokenizer tokenizer, List<String> stop, boolean chat, boolean opensReasoning,
                      Listener listener) {
        this.tokenizer = tokenizer;
        this.listener = listener;
        this.decoder = tokenizer.streamDecoder(true);
        this.stops = new StopStringFilter(stop);
        this.splitter = chat ? new ReasoningSplitter(opensReasoning, t -> listener.onText(true, t, List.of()),
                t -> listener.onText(false, t, takeLogprobs())) : null;
    }

    /** Whether the text so far is inside the reasoning block. */
    public boolean inReasoning() {
        return splitter != null && splitter.inReasoning();
    }

    /** Whether a stop string matched: the text ended before it, and later tokens add nothing. */
    public boolean stopMatched() {
        return stopMatched;
    }

    /** The text passed on so far, reasoning and its tags included: what the stop strings left. */
    public String text() {
        return text.toString();
    }

    @Override
    public void accept(EngineEvent event) {
        switch (event) {
            case EngineEvent.Token t -> token(t);
            case EngineEvent.Finished f -> finish(f);
        }
    }

    private void token(EngineEvent.Token t) {
        PositionLogprobs logprob = t.hasLogprob() ? new PositionLogprobs(TopLogprob.of(tokenizer, t.token(),
                t.logprob()), TopLogprob.all(tokenizer, t.topLogprobs())) : null;
        String delta = decoder.accept(t.token());
        boolean before = inReasoning();
        if (!before && logprob != null) {
            pendingLogprobs.add(logprob);
        }
        stopMatched = stops.accept(delta, this::cut);
        if (splitter == null) {
            return;
        }
        if (splitter.inReasoning()) {
            pendingLogprobs.clear(); // what was held since the start turned out to open the reasoning
        }
        if (before || splitter.inReasoning()) {
            reasoningTokens += 1 + undecidedTokens;
            undecidedTokens = 0;
        } else if (splitter.undecided()) {
            undecidedTokens++;
        } else {
            undecidedTokens = 0;
        }
    }

    /** Releases the text held back for a possible stop string, an unfinished character or a reasoning tag. */
    private void finish(EngineEvent.Finished f) {
        if (!stopMatched) {
            stopMatched = stops.accept(decoder.finish(), this::cut);
            if (!stopMatched) {
                stops.finish(this::cut);
            }
        }
        if (splitter != null) {
            splitter.finish();
        }
        listener.onFinish(f, reasoningTokens);
    }

    /** Text that the stop strings let through. */
    private void cut(String delta) {
        text.append(delta);
        if (splitter != null) {
            splitter.accept(delta);
        } else {
            listener.onText(false, delta, takeLogprobs());
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
}
