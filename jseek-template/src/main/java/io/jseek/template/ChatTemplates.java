package io.jseek.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Built-in fallback chat templates, for model files without {@code tokenizer.chat_template}, chosen by the GGUF
 * {@code general.architecture}. Each is a verbatim Hugging Face template kept under
 * {@code src/main/resources/io/jseek/template/builtin/} and rendered like any model template:
 * <ul>
 * <li>{@code llama}: deepseek-llm-7b/67b-chat, {@code User: …\n\nAssistant: …<｜end▁of▁sentence｜>}, generation
 *     prompt {@code Assistant:} (the models of this architecture that lack a template are the original DeepSeek
 *     LLMs; deepseek-coder and R1-Distill-Llama files carry their own);</li>
 * <li>{@code qwen2}: DeepSeek-R1-Distill-Qwen (Feb 2025 revision, generation prompt {@code <｜Assistant｜><think>\n});</li>
 * <li>{@code deepseek2}: DeepSeek-V3 (generation prompt {@code <｜Assistant｜>});</li>
 * <li>{@code qwen3}: the same V3 format, which DeepSeek-R1-0528 and its Qwen3-8B distill use: the generation prompt
 *     is {@code <｜Assistant｜>} and the model opens {@code <think>} itself (a Qwen3 file always carries its own
 *     ChatML template, so only the distill can lack one).</li>
 * </ul>
 * Unlike llama.cpp's C++ built-ins these start with the BOS text, as the Hugging Face templates do.
 */
public final class ChatTemplates {

    /** {@code <｜begin▁of▁sentence｜>}: the BOS text of every DeepSeek family tokenizer. */
    public static final String DEEPSEEK_BOS = "<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>";

    /** {@code <｜end▁of▁sentence｜>}: the EOS text of every DeepSeek family tokenizer. */
    public static final String DEEPSEEK_EOS = "<\uFF5Cend\u2581of\u2581sentence\uFF5C>";

    private static final Map<String, String> RESOURCES = Map.of(
            "llama", "builtin/llama.jinja",
            "qwen2", "builtin/qwen2.jinja",
            "qwen3", "builtin/deepseek2.jinja",
            "deepseek2", "builtin/deepseek2.jinja");

    private ChatTemplates() {
    }

    /** The architectures with a built-in template, sorted. */
    public static List<String> architectures() {
        return RESOURCES.keySet().stream().sorted().toList();
    }

    /** The built-in template of {@code architecture} with the DeepSeek BOS/EOS texts. */
    public static ChatTemplate builtIn(String architecture) {
        return builtIn(architecture, DEEPSEEK_BOS, DEEPSEEK_EOS);
    }

    /**
     * The built-in template of {@code architecture} with the given BOS/EOS texts.
     *
     * @throws IllegalArgumentException for an architecture without a built-in template; the message lists the known ones
     */
    public static ChatTemplate builtIn(String architecture, String bosToken, String eosToken) {
        String resource = RESOURCES.get(architecture);
        if (resource == null) {
            throw new IllegalArgumentException("no built-in chat template for architecture '" + architecture
                    + "'; known: " + String.join(", ", architectures()));
        }
        return ChatTemplate.jinja(read(resource), bosToken, eosToken);
    }

    private static String read(String resource) {
        try (InputStream in = ChatTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
