package io.jseek.server.engine;

import io.jseek.engine.Engine;
import io.jseek.engine.EngineMetrics;
import io.jseek.engine.Request;
import io.jseek.engine.RequestRejectedException;
import io.jseek.server.CompletionBackend;
import io.jseek.server.GenerationHandle;
import io.jseek.server.GenerationRequest;
import io.jseek.server.GenerationSink;
import io.jseek.server.ResponseFormat;
import io.jseek.template.ChatTemplate;
import io.jseek.tokenizer.Tokenizer;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link CompletionBackend} over the continuous-batching {@link Engine}: every HTTP request becomes one engine
 * sequence, so concurrent requests decode together in one batched forward per step and share prompt prefixes
 * through the engine's prefix cache (RAM, optionally disk).
 *
 * <p>This class is the text side of the engine: {@link PromptEncoder} templates and tokenizes (client text never
 * becomes control tokens), {@link SamplingMapper} maps sampler settings, {@link GenerationBridge} detokenizes,
 * splits the reasoning and fills in the usage. The engine itself only sees token ids and stops at the vocabulary's
 * end-of-generation tokens; stop strings and tool-call parsing stay with the server, which cancels the handle when a
 * stop string matched.
 *
 * <p>What the engine cannot do yet is refused with a 400 rather than silently ignored: {@code logprobs} (its events
 * carry sampled ids only) and {@code response_format} other than text (no constrained decoding in the engine).
 *
 * <p>The backend owns the engine (started here) and {@code resources} (the model, the disk cache), closed after the
 * engine in {@link #close()}.
 */
public final class EngineBackend implements CompletionBackend {
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final PromptEncoder prompts;
    private final Set<Integer> stopTokens;
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
        this.stopTokens = PromptEncoder.endOfGeneration(tokenizer);
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
        refuseUnsupported(request);
        PromptEncoder.Encoded prompt = prompts.encode(request.prompt());
        GenerationBridge bridge = new GenerationBridge(tokenizer, prompt.chat(), prompt.opensReasoning(), sink);
        long id = engine.submit(new Request(prompt.ids(), request.maxTokens(),
                SamplingMapper.map(request.sampling()), stopTokens), bridge);
        return () -> engine.cancel(id);
    }

    private static void refuseUnsupported(GenerationRequest r) throws RequestRejectedException {
        if (r.logprobs()) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, "logprobs are not supported"
                    + " by this server's batching engine yet (it reports sampled token ids only)", 0);
        }
        if (r.responseFormat().type() != ResponseFormat.Type.TEXT) {
            throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, "response_format "
                    + r.responseFormat().type().name().toLowerCase(Locale.ROOT) + " needs constrained"
                    + " decoding, which this server's batching engine does not support yet", 0);
        }
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
