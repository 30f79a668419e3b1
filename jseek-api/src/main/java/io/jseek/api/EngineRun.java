package io.jseek.api;

import io.jseek.engine.Engine;
import io.jseek.engine.EngineEvent;
import io.jseek.engine.EventSink;
import io.jseek.engine.FinishReason;
import io.jseek.engine.LogitsProcessor;
import io.jseek.engine.Request;
import io.jseek.engine.RequestRejectedException;
import io.jseek.text.stream.TextStream;
import io.jseek.text.stream.TopLogprob;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One generation as a sequence of the shared {@link Engine}: submits the request, then, as the engine's
 * {@link EventSink}, keeps the token ids and logprobs and hands each event to a {@link TextStream} (detokenizing,
 * stop strings, reasoning split: the server's path too), ends the sequence when a stop string matched
 * ({@link Engine#stop}), and waits on the calling thread for the engine's finish to build the {@link Generation}.
 *
 * <p>Text reaches the listeners on the engine's thread, one token at a time and before the engine samples the next
 * one, so a logits processor that looks at the text so far (a JSON constraint waiting for the reasoning to end) is
 * always current. {@code stopRequested} is polled before each token is passed on, and by the waiting thread while
 * no token comes (a prompt still in the queue or in prefill); true cancels the sequence. A listener's exception
 * cancels it too, and is rethrown to the caller.
 */
final class EngineRun implements EventSink {
    private static final long POLL_MILLIS = 20;

    private final Engine engine;
    private final Tokenizer tokenizer;
    private final boolean topLogprobs;
    private final TextStream text;
    private final BooleanSupplier stopRequested;
    private final List<Integer> generated = new ArrayList<>();
    private final List<List<TopLogprob>> logprobs = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private long firstToken;
    private long finishedAt;
    private RuntimeException listenerFailure;
    private EngineEvent.Finished finished;

    private EngineRun(Engine engine, Tokenizer tokenizer, GenerateOptions options, TextStream text,
                      BooleanSupplier stopRequested) {
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.topLogprobs = options.topLogprobs() > 0;
        this.text = text;
        this.stopRequested = stopRequested;
    }

    /**
     * Generates after {@code prompt} and waits for the end.
     *
     * @param endTokens end-of-generation tokens: sampling one ends the generation with {@link FinishReason#STOP}
     * @param constraint edits each position's logits before sampling and hears the sampled token; null for none
     * @param text turns the tokens into text for the listeners, with {@code options}' stop strings
     * @throws ContextOverflowException when the prompt leaves no room for an answer
     * @throws IllegalArgumentException for an empty prompt, a token outside the vocabulary or bad sampling settings
     */
    static Generation run(Engine engine, Tokenizer tokenizer, int[] prompt, GenerateOptions options,
                          Set<Integer> endTokens, LogitsProcessor constraint, TextStream text,
                          BooleanSupplier stopRequested) {
        EngineRun run = new EngineRun(engine, tokenizer, options, text, stopRequested);
        Request request = new Request(prompt, options.maxTokens(), options.sampling(), endTokens, constraint, false,
                options.topLogprobs());
        long t0 = System.nanoTime();
        long id;
        try {
            id = engine.submit(request, run);
        } catch (RequestRejectedException e) {
            throw switch (e.kind()) {
                case CONTEXT_TOO_LONG -> new ContextOverflowException(prompt.length, engine.contextLimit());
                case INVALID -> new IllegalArgumentException(e.getMessage());
                case QUEUE_FULL, SHUT_DOWN -> new IllegalStateException(e.getMessage());
            };
        }
        run.await(id);
        return run.generation(prompt, t0);
    }

    private void await(long id) {
        boolean cancelled = false;
        try {
            while (!done.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!cancelled && stopRequested.getAsBoolean()) {
                    cancelled = true;
                    engine.cancel(id);
                }
            }
        } catch (InterruptedException e) {
            engine.cancel(id);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
    }

    @Override
    public void accept(EngineEvent event) {
        if (firstToken == 0 && event instanceof EngineEvent.Token) {
            firstToken = System.nanoTime();
        }
        switch (event) {
            case EngineEvent.Token t when listenerFailure != null || stopRequested.getAsBoolean() ->
                    engine.cancel(t.requestId());
            case EngineEvent.Token t -> token(t);
            case EngineEvent.Finished f -> finish(f);
        }
    }

    private void token(EngineEvent.Token t) {
        generated.add(t.token());
        if (topLogprobs) {
            logprobs.add(TopLogprob.all(tokenizer, t.topLogprobs()));
        }
        try {
            text.accept(t);
            if (text.stopMatched()) {
                engine.stop(t.requestId());
            }
        } catch (RuntimeException e) {
            listenerFailure = e;
            engine.cancel(t.requestId());
        }
    }

    /** Lets the text stream release what it held back, unless a listener failed. */
    private void finish(EngineEvent.Finished f) {
        finishedAt = System.nanoTime();
        try {
            if (listenerFailure == null) {
                text.accept(f);
            }
        } catch (RuntimeException e) {
            listenerFailure = e;
        } finally {
            finished = f;
            done.countDown();
        }
    }

    private Generation generation(int[] prompt, long t0) {
        if (listenerFailure != null) {
            throw listenerFailure;
        }
        if (finished.reason() == FinishReason.ERROR) {
            // what the model threw on the engine's thread, as a single-threaded loop would have thrown it here
            switch (finished.cause()) {
                case Error e -> throw e;
                case RuntimeException e -> throw e;
                case null, default -> throw new IllegalStateException(finished.error(), finished.cause());
            }
        }
        FinishReason reason = text.stopMatched() ? FinishReason.STOP : finished.reason();
        long t1 = firstToken == 0 ? finishedAt : firstToken;
        Timings timings = new Timings(prompt.length, finished.usage().cacheHitTokens(), t1 - t0, generated.size(),
                finishedAt - t1);
        return new Generation(prompt, generated.stream().mapToInt(Integer::intValue).toArray(), text.text(),
                reason, timings, logprobs);
    }
}
