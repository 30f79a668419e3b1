package io.jseek.server;

import io.jseek.engine.EngineMetrics;
import io.jseek.engine.FinishReason;
import io.jseek.engine.RequestRejectedException;
import io.jseek.engine.Usage;
import io.jseek.text.stream.PositionLogprobs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link CompletionBackend} that plays scripts instead of running a model: each request gets the script that
 * {@link #script} picks for it, played on a virtual thread with real delays, so that the HTTP layer is tested with
 * real timing (slow starts, streams that a client abandons).
 */
final class ScriptedBackend implements CompletionBackend {
    /** One step of a script. */
    sealed interface Step {
    }

    record Delay(long millis) implements Step {
    }

    record Text(boolean reasoning, String text, List<PositionLogprobs> logprobs) implements Step {
    }

    record Finish(FinishReason reason) implements Step {
    }

    /** A scripted answer; the usage counts one completion token per text step. */
    static final class Script {
        final List<Step> steps = new ArrayList<>();

        static Script of() {
            return new Script();
        }

        Script reasoning(String text) {
            steps.add(new Text(true, text, List.of()));
            return this;
        }

        Script content(String... texts) {
            for (String t : texts) {
                steps.add(new Text(false, t, List.of()));
            }
            return this;
        }

        Script content(String text, PositionLogprobs logprob) {
            steps.add(new Text(false, text, List.of(logprob)));
            return this;
        }

        Script delay(long millis) {
            steps.add(new Delay(millis));
            return this;
        }

        Script finish(FinishReason reason) {
            steps.add(new Finish(reason));
            return this;
        }
    }

    static final int PROMPT_TOKENS = 12;
    static final int CACHE_HIT_TOKENS = 8;

    final List<GenerationRequest> received = new CopyOnWriteArrayList<>();
    final AtomicInteger cancels = new AtomicInteger();
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile boolean ready = true;
    volatile RequestRejectedException reject;
    volatile Function<GenerationRequest, Script> script = r -> Script.of().content("Hello", "!")
            .finish(FinishReason.STOP);

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public GenerationHandle submit(GenerationRequest request, GenerationSink sink) throws RequestRejectedException {
        RequestRejectedException r = reject;
        if (r != null) {
            throw r;
        }
        received.add(request);
        Script s = script.apply(request);
        AtomicBoolean cancel = new AtomicBoolean();
        Thread.ofVirtual().start(() -> play(s, sink, cancel));
        return () -> {
            if (cancel.compareAndSet(false, true)) {
                cancels.incrementAndGet();
                cancelled.countDown();
            }
        };
    }

    private static void play(Script s, GenerationSink sink, AtomicBoolean cancel) {
        int completion = 0;
        int reasoning = 0;
        for (Step step : s.steps) {
            if (cancel.get()) {
                break;
            }
            switch (step) {
                case Delay d -> sleepUnlessCancelled(d.millis(), cancel);
                case Text t -> {
                    completion++;
                    reasoning += t.reasoning() ? 1 : 0;
                    sink.onText(t.reasoning(), t.text(), t.logprobs());
                }
                case Finish f -> {
                    sink.onFinish(f.reason(), usage(completion, reasoning), f.reason() == FinishReason.ERROR
                            ? "scripted failure" : null);
                    return;
                }
            }
        }
        sink.onFinish(FinishReason.CANCELLED, usage(completion, reasoning), null);
    }

    private static AnswerUsage usage(int completion, int reasoning) {
        return new AnswerUsage(new Usage(PROMPT_TOKENS, CACHE_HIT_TOKENS, PROMPT_TOKENS - CACHE_HIT_TOKENS,
                completion), reasoning);
    }

    private static void sleepUnlessCancelled(long millis, AtomicBoolean cancel) {
        long end = System.currentTimeMillis() + millis;
        while (!cancel.get() && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(Math.min(10, Math.max(1, end - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public EngineMetrics metrics() {
        return new EngineMetrics(2, 3, 0.25, 100, 10, 1000, 400, 1000, 600, 50, 20, 0, 1);
    }

    @Override
    public void close() {
    }
}
