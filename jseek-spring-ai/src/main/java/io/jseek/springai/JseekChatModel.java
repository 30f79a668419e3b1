package io.jseek.springai;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A Spring AI {@link ChatModel} (and so {@code StreamingChatModel}) that runs a DeepSeek-family GGUF model in this
 * JVM through {@link JseekModel}: messages through the model's chat template, temperature, top-p, top-k,
 * penalties, max tokens and stop sequences from the options (a prompt's over the model's defaults), tools from
 * {@link ToolCallingChatOptions} (DeepSeek's tool-call markup becomes tool calls), a tool choice from
 * {@link JseekChatOptions} (a required or named call enforced by constrained decoding), a schema from
 * {@code StructuredOutputChatOptions} enforced by constrained decoding, the reasoning in the assistant message's
 * metadata under {@value MessageMapper#REASONING}, usage and finish reason.
 *
 * <p>Tool calls are returned, not executed, by {@link #call} and {@link #stream} alike: in Spring AI 2.0 no
 * {@link ChatModel} runs tools; {@code ChatClient}'s {@code ToolCallingAdvisor} executes them through its
 * {@link ToolCallingManager} and calls the model again, blocking or streaming, within its limits.
 *
 * <p>{@link #stream} delivers the answer in pieces (reasoning pieces carry an empty text and the reasoning in their
 * metadata), then a last piece with the finish reason, usage and tool calls. Cancelling the subscription stops the
 * generation before its next token. Requests run one at a time, on one thread of this model; the
 * {@link JseekModel} is the caller's to close.
 */
public final class JseekChatModel implements ChatModel, AutoCloseable {
    private final JseekModel model;
    private final JseekChatOptions defaults;
    private final Long seed;
    private final ToolCallingManager toolCallingManager;
    private final ExecutorService streams = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("jseek-spring-ai-stream").daemon().factory());

    /**
     * @param defaults options a prompt does not set (a {@link JseekChatOptions} may set a tool choice)
     * @param seed the sampler seed, for reproducible sampling; null for a random one per request
     */
    public JseekChatModel(JseekModel model, ToolCallingChatOptions defaults, Long seed,
                          ToolCallingManager toolCallingManager) {
        this.model = Objects.requireNonNull(model, "model");
        this.defaults = JseekChatOptions.from(Objects.requireNonNull(defaults, "defaults"));
        this.seed = seed;
        this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager");
    }

    /** DeepSeek's recommended sampling, a random seed, Spring AI's default tool definitions. */
    public static JseekChatModel of(JseekModel model) {
        return new JseekChatModel(model, JseekChatOptions.builder().build(), null,
                ToolCallingManager.builder().build());
    }

    /** A copy of the defaults, which ChatClient starts each request's options from (tools go in there). */
    @Override
    public ChatOptions getOptions() {
        return defaults.mutate().build();
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return getOptions();
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        return once(withOptions(prompt), ChatListener.NONE);
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        Prompt p = withOptions(prompt);
        return Flux.create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            sink.onDispose(() -> cancelled.set(true));
            streams.execute(() -> stream(p, sink, cancelled));
        });
    }

    private void stream(Prompt prompt, FluxSink<ChatResponse> sink, AtomicBoolean cancelled) {
        try {
            ChatResponse last = once(prompt, new ChatListener() {
                @Override
                public void onReasoning(String delta) {
                    sink.next(MessageMapper.delta("", delta));
                }

                @Override
                public void onContent(String delta) {
                    sink.next(MessageMapper.delta(delta, null));
                }

                @Override
                public boolean stopRequested() {
                    return cancelled.get();
                }
            });
            // The text went out in pieces; the last piece carries what only the end knows.
            AssistantMessage end = AssistantMessage.builder().content("")
                    .toolCalls(last.getResult().getOutput().getToolCalls()).build();
            sink.next(ChatResponse.builder().from(last)
                    .generations(List.of(new Generation(end, last.getResult().getMetadata()))).build());
            sink.complete();
        } catch (RuntimeException e) {
            sink.error(e);
        }
    }

    private Prompt withOptions(Prompt prompt) {
        return prompt.getOptions() != null ? prompt : new Prompt(prompt.getInstructions(), getDefaultOptions());
    }

    private ChatResponse once(Prompt prompt, ChatListener listener) {
        List<ToolDefinition> tools = prompt.getOptions() instanceof ToolCallingChatOptions t
                ? toolCallingManager.resolveToolDefinitions(t) : List.of();
        io.jseek.api.ChatOptions options = OptionsMapper.options(prompt.getOptions(), defaults, tools, seed);
        ChatResult r = model.chat(MessageMapper.messages(prompt.getInstructions()), options, listener);
        return MessageMapper.response(r, model.path().getFileName().toString());
    }

    /** Waits for the streams already asked for; the model itself stays open. */
    @Override
    public void close() {
        streams.close();
    }
}
