package io.jseek.api;

import io.jseek.engine.Engine;
import io.jseek.engine.EngineMetrics;
import io.jseek.engine.EngineSettings;
import io.jseek.engine.FinishReason;
import io.jseek.engine.LoadedEngine;
import io.jseek.engine.LogitsProcessor;
import io.jseek.hub.DownloadProgress;
import io.jseek.hub.ModelResolver;
import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.RenderOptions;
import io.jseek.template.ToolCall;
import io.jseek.text.chat.ChatPrompt;
import io.jseek.text.stream.TextStream;
import io.jseek.text.tools.AnswerConstraint;
import io.jseek.text.tools.ToolCallParser;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A loaded model ready to generate: weights, tokenizer, chat template and the continuous-batching engine that runs
 * every generation, the entry point of jseek's Java API.
 *
 * <pre>{@code
 * try (JseekModel m = JseekModel.load("deepseek-r1:1.5b", LoadOptions.defaults())) {
 *     ChatResult r = m.chat(List.of(ChatMessage.user("Why is the sky blue?")),
 *             ChatOptions.of(GenerateOptions.defaults(42)), new ChatListener() {
 *                 public void onContent(String delta) { System.out.print(delta); }
 *             });
 *     System.out.println("\n" + r.generation().timings().decodeTokensPerSecond() + " tok/s");
 * }
 * }</pre>
 *
 * <p>{@link #generate} continues a text or token prompt as-is; {@link #chat} formats a conversation with the model's
 * template (user text never turns into control tokens), splits the reasoning from the answer, parses tool calls
 * when tools are offered and enforces JSON output by constrained decoding when asked. Each call is one sequence of
 * the model's {@link Engine} (the one {@code jseek serve} runs), started with the model on its own thread: calls
 * from several threads decode together in one batched forward pass per step ({@link LoadOptions#parallel()} at
 * once, the others wait their turn), and prompts share their cached prefix, so a chat's next turn only computes its
 * new tokens. Listeners are called on the engine's thread and must return quickly.
 */
public final class JseekModel implements AutoCloseable {
    /** Calls queued beyond the running ones before a call is refused. */
    private static final int MAX_WAITING = 1 << 16;

    private final Path path;
    private final LoadedEngine loaded;
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final ChatPrompt chatPrompt;
    private final int[] endTokens;
    private final Set<Integer> endTokenSet;
    private final int parallel;

    private JseekModel(Path path, LoadedEngine loaded, Tokenizer tokenizer, ChatTemplate template, int parallel) {
        this.path = path;
        this.parallel = parallel;
        this.loaded = loaded;
        this.engine = loaded.engine();
        this.tokenizer = tokenizer;
        this.template = template;
        this.chatPrompt = template == null ? null : ChatPrompt.of(tokenizer, template);
        this.endTokens = tokenizer.endOfGenerationIds();
        this.endTokenSet = IntStream.of(endTokens).boxed().collect(Collectors.toUnmodifiableSet());
        engine.start();
    }

    /**
     * Loads a GGUF file or a model name ({@code deepseek-r1:1.5b}, {@code owner/repo[:QUANT]}, a URL), resolved
     * through the local cache and, when {@link LoadOptions#pullIfMissing()}, the hub ({@code JSEEK_HOME},
     * {@code HF_ENDPOINT} and {@code HF_TOKEN} apply). Null or blank means the default model.
     */
    public static JseekModel load(String fileOrName, LoadOptions options) throws IOException {
        Path file = ModelResolver.fromEnvironment(System.getenv(), DownloadProgress.NONE)
                .resolve(fileOrName, options.pullIfMissing());
        return load(file, options);
    }

    /** Loads a GGUF file. */
    public static JseekModel load(Path file, LoadOptions options) throws IOException {
        EngineSettings settings = EngineSettings.of(options.threads(), options.parallel(), MAX_WAITING,
                options.contextLength(), 0, null).withCacheType(options.cacheType())
                .withLockMemory(options.lockMemory());
        LoadedEngine loaded = LoadedEngine.open(file, settings);
        try {
            int trained = loaded.model().config().contextLength();
            if (options.contextLength() > trained) {
                throw new IllegalArgumentException("context length " + options.contextLength() + " is above the "
                        + trained + " positions " + file.getFileName() + " was trained for; ask for at most "
                        + trained);
            }
            Tokenizer tokenizer = Tokenizers.fromGguf(loaded.model().gguf());
            return new JseekModel(file, loaded, tokenizer, ChatPrompt.templateOf(loaded.model(), tokenizer),
                    options.parallel());
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * Continues {@code prompt} as-is: special-token markup in it is recognised, and BOS is prepended when the model
     * adds one (unless the text already starts with it).
     */
    public Generation generate(String prompt, GenerateOptions options, TokenListener listener) {
        return generate(tokenize(prompt, true), options, listener);
    }

    /** Continues the token ids {@code prompt} exactly as given. */
    public Generation generate(int[] prompt, GenerateOptions options, TokenListener listener) {
        Objects.requireNonNull(listener, "listener");
        TextStream text = new TextStream(tokenizer, options.stop(), false, false,
                (reasoning, delta, logprobs) -> listener.onText(delta));
        return EngineRun.run(engine, tokenizer, prompt, options, endTokenSet, null, text, listener::stopRequested);
    }

    /**
     * Answers the conversation {@code messages} (an assistant turn is generated after them), with the reasoning
     * split from the answer, tool calls parsed when {@link ChatOptions#tools()} offers tools, and the answer held
     * to {@link ChatOptions#responseFormat()}, or to one tool call by {@link ChatOptions#toolChoice()}.
     *
     * @throws IllegalStateException when the model has no chat template
     * @throws io.jseek.text.json.UnsupportedSchemaException when the JSON schema (or a forced tool's parameters)
     *     uses what constrained decoding cannot enforce
     * @throws IllegalArgumentException when the tool choice names a function that is not among the tools
     */
    public ChatResult chat(List<ChatMessage> messages, ChatOptions options, ChatListener listener) {
        ChatPrompt.Tokens prompt = chatTokens(messages, options);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        Consumer<String> contentOut = delta -> {
            content.append(delta);
            listener.onContent(delta);
        };
        ToolCallParser tools = options.tools() == null ? null : new ToolCallParser(contentOut, call -> {
            calls.add(call);
            listener.onToolCall(call);
        });
        Consumer<String> answer = tools == null ? contentOut : tools::accept;
        TextStream text = new TextStream(tokenizer, options.generation().stop(), true, prompt.opensReasoning(),
                (inReasoning, delta, logprobs) -> {
                    if (inReasoning) {
                        reasoning.append(delta);
                        listener.onReasoning(delta);
                    } else {
                        answer.accept(delta);
                    }
                });
        LogitsProcessor constraint = AnswerConstraint.of(options.responseFormat(), options.toolChoice(),
                options.tools(), tokenizer, endTokens, options.generation().sampling(), text::inReasoning);
        Generation g = EngineRun.run(engine, tokenizer, prompt.ids(), options.generation(), endTokenSet, constraint,
                text, listener::stopRequested);
        if (tools != null) {
            tools.finish();
        }
        return new ChatResult(content.toString(), reasoning.toString(), calls, g);
    }

    /** The prompt tokens {@link #chat} would feed for {@code messages}. */
    public int[] chatPromptTokens(List<ChatMessage> messages, ChatOptions options) {
        return chatTokens(messages, options).ids();
    }

    private ChatPrompt.Tokens chatTokens(List<ChatMessage> messages, ChatOptions options) {
        if (chatPrompt == null) {
            throw new IllegalStateException(path.getFileName() + " has no chat template and its architecture '"
                    + architecture() + "' has no built-in one; use a raw prompt");
        }
        return chatPrompt.tokenize(messages, new RenderOptions(true, options.tools(), options.templateVariables()));
    }

    /**
     * Token ids of {@code text}.
     *
     * @param special recognise special-token markup and prepend BOS when the model adds one (unless the text
     *     already starts with the BOS text); false for plain text
     */
    public int[] tokenize(String text, boolean special) {
        boolean bos = special && tokenizer.addBosByDefault() && tokenizer.bosId() >= 0
                && !text.startsWith(tokenizer.tokenText(tokenizer.bosId()));
        return tokenizer.encode(text, bos, special);
    }

    /** The text of token ids (control tokens rendered). */
    public String detokenize(int[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** Positions one sequence may use: prompt plus generated tokens must fit. */
    public int contextLength() {
        return engine.contextLimit();
    }

    /** Sequences the engine decodes together ({@link LoadOptions#parallel()}); further calls wait their turn. */
    public int parallel() {
        return parallel;
    }

    /** The engine's gauges and counters: running and waiting sequences, KV blocks, prefix-cache hits, steps. */
    public EngineMetrics engineMetrics() {
        return engine.metrics();
    }

    /** {@code general.architecture}: {@code llama}, {@code qwen2}, {@code deepseek2}. */
    public String architecture() {
        return loaded.model().config().architecture();
    }

    public Path path() {
        return path;
    }

    /** Whether {@link #chat} is available (the file or the architecture provides a chat template). */
    public boolean hasChatTemplate() {
        return template != null;
    }

    /** Ends the calls still generating (with {@link FinishReason#CANCELLED}), stops the engine, frees the model. */
    @Override
    public void close() {
        loaded.close();
    }
}
