package io.jseek.server;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.Generation;
import io.jseek.api.JseekModel;
import io.jseek.api.TokenListener;
import io.jseek.engine.EngineMetrics;
import io.jseek.engine.FinishReason;
import io.jseek.engine.RequestRejectedException;
import io.jseek.model.SamplerParams;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stopgap {@link CompletionBackend} over {@link JseekModel}, one generation at a time, until the batching engine
 * is wired in: a bounded queue (429 when full) feeds one platform thread that owns the model. It serves chat with
 * reasoning split, and plain text completion; it refuses what {@code JseekModel} cannot render yet (tools,
 * assistant prefix continuation, FIM, logprobs) rather than silently ignoring it. The prompt-reuse of
 * {@code JseekModel}'s single KV cache is reported as prefix-cache hits.
 */
public final class JseekModelBackend implements CompletionBackend {
    private record Job(GenerationRequest request, GenerationSink sink, AtomicBoolean cancelled) {
    }

    private final JseekModel model;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong hitTokens = new AtomicLong();
    private final AtomicLong generated = new AtomicLong();
    private volatile boolean closed;

    /** @param queueLimit requests that may wait behind the running one */
    public JseekModelBackend(JseekModel model, int queueLimit) {
        this.model = model;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueLimit));
        this.worker = Thread.ofPlatform().name("jseek-generate").daemon().start(this::work);
    }

    @Override
    public boolean ready() {
        return !closed;
    }

    @Override
    public GenerationHandle submit(GenerationRequest request, GenerationSink sink) throws RequestRejectedException {
        if (closed) {
            throw new RequestRejectedException(RequestRejectedException.Kind.SHUT_DOWN, "shutting down", 0);
        }
        String unsupported = unsupported(request);
        if (unsupported != null) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, unsupported
                    + " needs the batching engine backend, which this server was not started with", 0);
        }
        Job job = new Job(request, sink, new AtomicBoolean());
        if (!queue.offer(job)) {
            throw new RequestRejectedException(RequestRejectedException.Kind.QUEUE_FULL,
                    "the queue is full (" + queue.size() + " waiting)", 1 + queue.size());
        }
        return () -> job.cancelled().set(true);
    }

    private static String unsupported(GenerationRequest r) {
        if (r.logprobs()) {
            return "logprobs";
        }
        return switch (r.prompt()) {
            case Prompt.Chat c when !c.tools().isEmpty() -> "tools";
            case Prompt.Chat c when c.continueLastMessage() -> "prefix completion";
            case Prompt.Text t when t.suffix() != null -> "FIM (suffix)";
            default -> null;
        };
    }

    private void work() {
        while (!closed) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            running.set(true);
            try {
                run(job);
            } catch (RuntimeException e) {
                job.sink().onFinish(FinishReason.ERROR, TokenUsage.ZERO, e.getMessage());
            } finally {
                running.set(false);
            }
        }
    }

    private void run(Job job) {
        GenerationSink sink = job.sink();
        if (job.cancelled().get()) {
            sink.onFinish(FinishReason.CANCELLED, TokenUsage.ZERO, null);
            return;
        }
        sink.onStarted();
        GenerateOptions options = options(job.request());
        Generation g = switch (job.request().prompt()) {
            case Prompt.Chat c -> chat(c, options, job);
            case Prompt.Text t -> model.generate(model.tokenize(t.text(), false), options, new TokenListener() {
                @Override
                public void onText(String delta) {
                    sink.onText(false, delta, java.util.List.of());
                }

                @Override
                public boolean stopRequested() {
                    return job.cancelled().get();
                }
            });
        };
        int prompt = g.timings().promptTokens();
        int hit = g.timings().reusedTokens();
        promptTokens.addAndGet(prompt);
        hitTokens.addAndGet(hit);
        generated.addAndGet(g.tokens().length);
        FinishReason reason = switch (g.finishReason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CANCELLED -> FinishReason.CANCELLED;
        };
        sink.onFinish(reason, new TokenUsage(prompt, g.tokens().length, hit, prompt - hit, 0), null);
    }

    private Generation chat(Prompt.Chat c, GenerateOptions options, Job job) {
        Map<String, Object> vars = new HashMap<>();
        if (c.thinking() != null) {
            vars.put("thinking", c.thinking());
            vars.put("enable_thinking", c.thinking());
        }
        ChatResult r = model.chat(c.messages(), new ChatOptions(options, vars), new ChatListener() {
            @Override
            public void onReasoning(String delta) {
                job.sink().onText(true, delta, java.util.List.of());
            }

            @Override
            public void onContent(String delta) {
                job.sink().onText(false, delta, java.util.List.of());
            }

            @Override
            public boolean stopRequested() {
                return job.cancelled().get();
            }
        });
        return r.generation();
    }

    /** DeepSeek's R1 recommendations (temperature 0.6, top-p 0.95) where the request leaves a choice. */
    private static GenerateOptions options(GenerationRequest r) {
        SamplingOptions s = r.sampling();
        long seed = s.seed() != null ? s.seed() : ThreadLocalRandom.current().nextLong();
        SamplerParams p = SamplerParams.defaults(seed)
                .withTemperature(s.temperature() != null ? s.temperature().floatValue() : 0.6f)
                .withTopP(s.topP() != null ? s.topP().floatValue() : 0.95f)
                .withPenalties(1f, s.frequencyPenalty() != null ? s.frequencyPenalty().floatValue() : 0f,
                        s.presencePenalty() != null ? s.presencePenalty().floatValue() : 0f, 64);
        int max = r.maxTokens() > 0 ? r.maxTokens() : GenerateOptions.DEFAULT_MAX_TOKENS;
        return new GenerateOptions(max, p, r.stop(), 0);
    }

    @Override
    public EngineMetrics metrics() {
        long prompt = promptTokens.get();
        return new EngineMetrics(running.get() ? 1 : 0, queue.size(), 0, 0, 0, prompt, hitTokens.get(), prompt,
                prompt - hitTokens.get(), generated.get(), 0, 0, 0);
    }

    /**
     * Stops taking work and ends the queued requests as cancelled (the running one ends at its next token once the
     * server cancels it); the model is the caller's to close afterwards.
     */
    @Override
    public void close() {
        closed = true;
        for (Job j = queue.poll(); j != null; j = queue.poll()) {
            j.sink().onFinish(FinishReason.CANCELLED, TokenUsage.ZERO, null);
        }
        if (!running.get()) {
            worker.interrupt();
        }
    }
}
