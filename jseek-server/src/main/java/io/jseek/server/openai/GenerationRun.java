package io.jseek.server.openai;

import io.jseek.engine.FinishReason;
import io.jseek.engine.RequestRejectedException;
import io.jseek.server.ApiException;
import io.jseek.server.ClientWatch;
import io.jseek.server.CompletionBackend;
import io.jseek.server.GenerationHandle;
import io.jseek.server.GenerationRequest;
import io.jseek.server.InFlight;
import io.jseek.server.metrics.RequestTimer;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.StopStringFilter;
import io.jseek.text.tools.ToolCallParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one generation for one HTTP request, on that request's virtual thread: submits it, then takes the backend's
 * events and writes them to an {@link AnswerOutput}, with the answer text passed through the stop strings and then
 * the tool-call parser.
 *
 * <p>Whenever nothing was written for the keep-alive interval (queued, long prefill, or a non-streaming answer in
 * progress) it writes a keep-alive, which is also how a vanished client is noticed while nothing else is written.
 * Any failed write cancels the backend request at once, and so does a client hanging up while nothing is written
 * (the watch that {@link #run} is given). A matched stop string cancels too, and the answer ends with {@code stop}
 * once the backend confirms with the usage.
 */
final class GenerationRun {
    private final CompletionBackend backend;
    private final InFlight inFlight;
    private final RequestTimer timer;
    private final Duration keepAlive;
    private final EventQueue events = new EventQueue();
    private final List<PositionLogprobs> pendingLogprobs = new ArrayList<>();
    private AnswerOutput out;
    private int toolCalls;
    private boolean stopMatched;
    private volatile boolean clientGone;

    GenerationRun(CompletionBackend backend, InFlight inFlight, RequestTimer timer, Duration keepAlive) {
        this.backend = backend;
        this.inFlight = inFlight;
        this.timer = timer;
        this.keepAlive = keepAlive;
    }

    /**
     * Submits {@code request} and streams its answer to {@code output}; returns when the answer is complete or the
     * client is gone.
     *
     * @param watch starts watching the client for a hang-up, which then runs the given action (until closed)
     * @throws ApiException when the backend refuses the request (nothing has been written then)
     */
    void run(GenerationRequest request, boolean parseToolCalls, AnswerOutput output,
             Function<Runnable, ClientWatch.Watch> watch) {
        if (inFlight.draining() || !backend.ready()) {
            throw ApiException.unavailable(inFlight.draining() ? "The server is shutting down"
                    : "The model is loading");
        }
        GenerationHandle handle = submit(request);
        inFlight.add(handle);
        out = output;
        try (ClientWatch.Watch w = watch.apply(() -> {
            clientGone = true;
            handle.cancel();
        })) {
            out.started();
            pump(handle, request, parseToolCalls);
            out.complete();
        } catch (ClientGoneException e) {
            handle.cancel();
            timer.finished("client_gone");
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            timer.finished("interrupted");
        } catch (RuntimeException e) {
            handle.cancel();
            timer.finished("error");
            throw e;
        } finally {
            inFlight.remove(handle);
        }
    }

    private GenerationHandle submit(GenerationRequest request) {
        try {
            return backend.submit(request, events);
        } catch (RequestRejectedException e) {
            throw switch (e.kind()) {
                case QUEUE_FULL -> ApiException.queueFull(e.getMessage(), e.retryAfterSeconds());
                case SHUT_DOWN -> ApiException.unavailable(e.getMessage());
                case CONTEXT_TOO_LONG, INVALID -> ApiException.badRequest(null, e.getMessage());
            };
        }
    }

    private void pump(GenerationHandle handle, GenerationRequest request, boolean parseToolCalls)
            throws InterruptedException {
        StopStringFilter stops = new StopStringFilter(request.stop());
        ToolCallParser parser = parseToolCalls ? new ToolCallParser(this::content, this::toolCall) : null;
        long lastWrite = System.nanoTime();
        while (true) {
            Duration wait = keepAlive.minusNanos(System.nanoTime() - lastWrite);
            EventQueue.Event event = events.poll(wait);
            if (event == null) {
                out.keepAlive();
                lastWrite = System.nanoTime();
                continue;
            }
            switch (event) {
                case EventQueue.Text t when t.reasoning() -> {
                    timer.text();
                    out.reasoning(t.text(), t.logprobs());
                }
                case EventQueue.Text t -> {
                    timer.text();
                    pendingLogprobs.addAll(t.logprobs());
                    if (!stopMatched && stops.accept(t.text(), parser == null ? this::content : parser::accept)) {
                        stopMatched = true;
                        handle.cancel();
                    }
                }
                case EventQueue.Finished f -> {
                    if (!stopMatched) {
                        stops.finish(parser == null ? this::content : parser::accept);
                    }
                    if (parser != null) {
                        parser.finish();
                    }
                    finish(f);
                    return;
                }
            }
            lastWrite = System.nanoTime();
        }
    }

    private void content(String text) {
        List<PositionLogprobs> lp = List.copyOf(pendingLogprobs);
        pendingLogprobs.clear();
        out.content(text, lp);
    }

    private void toolCall(ToolCall call) {
        pendingLogprobs.clear();
        out.toolCall(toolCalls++, call);
    }

    private void finish(EventQueue.Finished f) {
        if (clientGone) {
            throw new ClientGoneException(null);
        }
        String reason = switch (f.reason()) {
            case STOP -> toolCalls > 0 ? "tool_calls" : "stop";
            case LENGTH -> "length";
            case CANCELLED -> stopMatched ? "stop" : null;
            case ERROR -> null;
        };
        if (reason != null) {
            out.finish(reason, f.usage());
            timer.finished(reason);
        } else if (f.reason() == FinishReason.ERROR) {
            out.fail(ApiException.internal("Generation failed: " + f.error()));
            timer.finished("error");
        } else {
            out.fail(ApiException.unavailable("The request was cancelled: the server is shutting down"));
            timer.finished("cancelled");
        }
    }
}
