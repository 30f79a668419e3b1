package io.jseek.hub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Short model names ({@code deepseek-r1:1.5b}) for the GGUF repos jseek is meant to run, so that nobody has
 * to remember which uploader carries which size. Every entry pins a quant: Q4_K_M is the usual balance of size
 * and quality for local use.
 */
public final class ModelRegistry {
    /** The model that {@code jseek run} and friends use when none is named. */
    public static final String DEFAULT_MODEL = "deepseek-r1:1.5b";

    private static final Map<String, ModelRef> SHORT_NAMES = build();

    private ModelRegistry() {
    }

    private static Map<String, ModelRef> build() {
        Map<String, ModelRef> m = new LinkedHashMap<>();
        m.put("deepseek-r1:1.5b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:7b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:8b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:8b-qwen3", ModelRef.parse("unsloth/DeepSeek-R1-0528-Qwen3-8B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:14b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Qwen-14B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:32b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Qwen-32B-GGUF:Q4_K_M"));
        m.put("deepseek-r1:70b", ModelRef.parse("unsloth/DeepSeek-R1-Distill-Llama-70B-GGUF:Q4_K_M"));
        m.put("deepseek-v2-lite", ModelRef.parse("bartowski/DeepSeek-V2-Lite-Chat-GGUF:Q4_K_M"));
        m.put("deepseek-coder:1.3b", ModelRef.parse("TheBloke/deepseek-coder-1.3b-instruct-GGUF:Q4_K_M"));
        m.put("deepseek-coder:6.7b", ModelRef.parse("TheBloke/deepseek-coder-6.7B-instruct-GGUF:Q4_K_M"));
        m.put("deepseek-llm:7b", ModelRef.parse("TheBloke/deepseek-llm-7B-chat-GGUF:Q4_K_M"));
        return Collections.unmodifiableMap(m);
    }

    /** The repo and quant behind a short name (case-insensitive). */
    public static Optional<ModelRef> lookup(String shortName) {
        return Optional.ofNullable(SHORT_NAMES.get(shortName.strip().toLowerCase(Locale.ROOT)));
    }

    /** The short name of a repo and quant, when one maps to it. */
    public static Optional<String> shortNameOf(String repo, String quant) {
        return SHORT_NAMES.entrySet().stream()
                .filter(e -> e.getValue().repo().equalsIgnoreCase(repo) && e.getValue().quant().equalsIgnoreCase(quant))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** All short names, in a stable order. */
    public static Map<String, ModelRef> shortNames() {
        return SHORT_NAMES;
    }

    /**
     * A short name's repo and quant, or {@code owner/repo[:QUANT]} parsed as is.
     *
     * @throws IllegalArgumentException for anything else, listing the short names
     */
    public static ModelRef toRef(String name) {
        Optional<ModelRef> known = lookup(name);
        if (known.isPresent()) {
            return known.get();
        }
        if (ModelRef.looksLikeRef(name)) {
            return ModelRef.parse(name);
        }
        throw new IllegalArgumentException("unknown model: " + name
                + " (use owner/repo[:QUANT], a URL, a .gguf path, or one of: "
                + String.join(", ", SHORT_NAMES.keySet()) + ")");
    }
}
