package io.jseek.server.backend;

import io.jseek.engine.Engine;
import io.jseek.engine.EngineEvent;
import io.jseek.engine.EngineMetrics;
import io.jseek.engine.LogitsProcessor;
import io.jseek.engine.Request;
import io.jseek.engine.RequestRejectedException;
import io.jseek.engine.Usage;
import io.jseek.model.SamplerParams;
import io.jseek.server.AnswerUsage;
import io.jseek.server.CompletionBackend;
import io.jseek.server.GenerationHandle;
import io.jseek.server.GenerationRequest;
import io.jseek.server.GenerationSink;
import io.jseek.server.Prompt;
import io.jseek.template.ChatTemplate;
import io.jseek.text.json.UnsupportedSchemaException;
import io.jseek.text.stream.PositionLogprobs;
import io.jseek.text.stream.TextStream;
import io.jseek.text.tools.AnswerConstraint;
import io.jseek.text.tools.ToolChoice;
import io.jseek.tokenizer.Tokenizer;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@link CompletionBackend} over the continuous-batching {@link Engine}: every HTTP request becomes one engine
 * sequence, so concurrent requests decode together in one batched forward per step and share prompt prefixes
 * through the engine's prefix cache (RAM, optionally disk).
 *
 * <p>This class is the text side of the engine: {@link PromptEncoder} templates and tokenizes (client text never
 * becomes control tokens), {@link io.jseek.api.SamplingOptions} maps sampler settings, {@link TextStream} (the Java
 * API's path too) detokenizes and splits the reasoning, and the usage gets its chain-of-thought count. The engine
 * itself only sees token ids and stops at the vocabulary's end-of-generation tokens; stop strings and tool-call
 * parsing stay with the server, which cuts the answer only and cancels the handle when a stop string matched.
 *
 * <p>{@code logprobs} come from the engine's token events (the raw distribution); {@code response_format}
 * {@code json_object} and {@code json_schema}, or {@code tool_choice} {@code required} or a named function, become
 * the request's {@link AnswerConstraint} (the Java API's rule too): JSON, or one call in DeepSeek's tool-call syntax
 * with arguments that follow the function's schema, constrained once a thinking model's reasoning has ended.
 *
 * <p>The backend owns the engine (started here) and {@code resources} (the model, the disk cache), closed after the
 * engine in {@link #close()}.
 */
public final class EngineBackend implements CompletionBackend {
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final PromptEncoder prompts;
    private final Set<Integer> stopTokens;
    private final int[] endTokens;
    private final AutoCloseable resources;
    private volatile boolean closed;

    /**
     * @param engine a new, not yet started engine over the model's runner; this backend starts and closes it
     * @param tokenizer the model's tokenizer
     * @param template the model's chat template, or null (chat requests are then refused)
     * @param resources closed after the engine (the model, a disk cache); may be null
     */
    public EngineBackend(Engine engine, Tokenizer tokenizer, ChatTemplate template, AutoCloseable resources) {
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.prompts = new PromptEncoder(tokenizer, template);
        this.endTokens = tokenizer.endOfGenerationIds();
        this.stopTokens = IntStream.of(endTokens).boxed().collect(Collectors.toUnmodifiableSet());
        this.resources = resources;
        engine.start();
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
        PromptEncoder.Encoded prompt = prompts.encode(request.prompt());
        TextStream text = new TextStream(tokenizer, List.of(), prompt.chat(), prompt.opensReasoning(),
                listener(sink));
        SamplerParams sampling = request.sampling().toSamplerParams();
        Request r = new Request(prompt.ids(), request.maxTokens(), sampling, stopTokens);
        if (request.logprobs()) {
            r = r.withLogprobs(request.topLogprobs());
        }
        LogitsProcessor constraint = constraint(request, sampling, text::inReasoning);
        if (constraint != null) {
            r = r.withLogitsProcessor(constraint);
        }
        long id = engine.submit(r, text);
        return () -> engine.cancel(id);
    }

    /**
     * The request's {@link AnswerConstraint}, built here on the request's thread; what it cannot enforce is refused
     * as invalid (400), a JSON schema's fault named as {@code response_format}'s.
     */
    private LogitsProcessor constraint(GenerationRequest request, SamplerParams sampling, BooleanSupplier reasoning)
            throws RequestRejectedException {
        Prompt.Chat chat = request.prompt() instanceof Prompt.Chat c ? c : null;
        ToolChoice choice = chat == null ? null : chat.toolChoice();
        try {
            return AnswerConstraint.of(request.responseFormat(), choice, chat == null ? null : chat.tools(),
                    tokenizer, endTokens, sampling, reasoning);
        } catch (IllegalArgumentException e) {
            boolean formatSchema = e instanceof UnsupportedSchemaException && (choice == null || !choice.forcesCall());
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID,
                    (formatSchema ? "response_format.json_schema: " : "") + e.getMessage(), 0);
        }
    }

    /** The server's events for the text of one request, with the chain-of-thought count in the usage. */
    private static TextStream.Listener listener(GenerationSink sink) {
        return new TextStream.Listener() {
            @Override
            public void onText(boolean reasoning, String text, List<PositionLogprobs> logprobs) {
                sink.onText(reasoning, text, logprobs);
            }

            @Override
            public void onFinish(EngineEvent.Finished f, int reasoningTokens) {
                Usage u = f.usage();
                sink.onFinish(f.reason(), new AnswerUsage(u, Math.min(reasoningTokens, u.completionTokens())),
                        f.error());
            }
        };
    }

    @Override
    public EngineMetrics metrics() {
        return engine.metrics();
    }

    /** Cancels what still runs (each request gets its finish), stops the engine, then releases the resources. */
    @Override
    public void close() {
        closed = true;
        engine.close();
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the model failed", e);
            }
        }
    }
}
