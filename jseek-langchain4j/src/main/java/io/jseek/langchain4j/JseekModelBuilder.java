package io.jseek.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link JseekChatModel} and {@link JseekStreamingChatModel} are built from: the model (a GGUF path, a name
 * such as {@code deepseek-r1:1.5b}, or an already loaded {@link JseekModel} to share), how to load it, and the
 * default request parameters. Unset sampling parameters take DeepSeek's recommendations (temperature 0.6, top-p
 * 0.95); temperature 0 is greedy.
 */
public abstract class JseekModelBuilder<B extends JseekModelBuilder<B>> {
    private String model;
    private JseekModel shared;
    private int threads;
    private int contextLength;
    private boolean pullIfMissing = true;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Double frequencyPenalty;
    private Double presencePenalty;
    private Integer maxTokens;
    private List<String> stop;
    private Long seed;
    private boolean returnThinking;
    private List<ChatModelListener> listeners = List.of();

    JseekModelBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** A GGUF file, or a model name resolved through jseek's cache and the hub ({@code deepseek-r1:1.5b}). */
    public B model(String fileOrName) {
        this.model = fileOrName;
        return self();
    }

    /** A GGUF file. */
    public B modelPath(Path file) {
        this.model = file.toString();
        return self();
    }

    /** An already loaded model, shared (for example by a blocking and a streaming model); its owner closes it. */
    public B jseekModel(JseekModel loaded) {
        this.shared = loaded;
        return self();
    }

    /** Compute threads, the caller included; 0 (default) = all processors. */
    public B threads(int n) {
        this.threads = n;
        return self();
    }

    /** KV cache positions (prompt plus answer); 0 (default) = the model's, capped at 4096. */
    public B contextLength(int n) {
        this.contextLength = n;
        return self();
    }

    /** Whether a model name missing from the local cache is downloaded (default true). */
    public B pullIfMissing(boolean pull) {
        this.pullIfMissing = pull;
        return self();
    }

    public B temperature(Double t) {
        this.temperature = t;
        return self();
    }

    public B topP(Double p) {
        this.topP = p;
        return self();
    }

    public B topK(Integer k) {
        this.topK = k;
        return self();
    }

    public B frequencyPenalty(Double p) {
        this.frequencyPenalty = p;
        return self();
    }

    public B presencePenalty(Double p) {
        this.presencePenalty = p;
        return self();
    }

    /** The most tokens an answer (reasoning included) may take; default 2048. */
    public B maxTokens(Integer n) {
        this.maxTokens = n;
        return self();
    }

    public B stopSequences(List<String> s) {
        this.stop = s;
        return self();
    }

    /** The sampler seed, for reproducible sampling; default random per request. */
    public B seed(Long s) {
        this.seed = s;
        return self();
    }

    /** Whether the reasoning ({@code <think>}) is returned as {@code AiMessage.thinking()} and streamed. */
    public B returnThinking(boolean r) {
        this.returnThinking = r;
        return self();
    }

    /** Observers of every request and response (LangChain4j's observability hook). */
    public B listeners(List<ChatModelListener> l) {
        this.listeners = List.copyOf(l);
        return self();
    }

    /** Loads (or takes) the model and freezes the defaults. */
    Backend backend() {
        ChatRequestParameters defaults = DefaultChatRequestParameters.builder().modelName(null)
                .temperature(temperature).topP(topP).topK(topK).frequencyPenalty(frequencyPenalty)
                .presencePenalty(presencePenalty).maxOutputTokens(maxTokens).stopSequences(stop).build();
        if (shared != null) {
            return new Backend(shared, false, defaults, seed, returnThinking, listeners);
        }
        Objects.requireNonNull(model, "model: give a GGUF path or a model name");
        LoadOptions options = new LoadOptions(threads, contextLength, pullIfMissing);
        try {
            return new Backend(JseekModel.load(model, options), true, defaults, seed, returnThinking,
                    listeners);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + model + ": " + e.getMessage(), e);
        }
    }
}
