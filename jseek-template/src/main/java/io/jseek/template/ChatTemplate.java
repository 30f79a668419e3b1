package io.jseek.template;

import io.jseek.template.jinja.JinjaRenderer;
import io.jseek.template.jinja.TemplateValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's chat template ({@code tokenizer.chat_template}, Jinja) turned into a prompt the way transformers'
 * {@code apply_chat_template(tokenize=False)} does: the template sees {@code messages}, {@code tools},
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token} and the extra variables of
 * {@link RenderOptions}. The Jinja dialect differences between Jinjava and Python Jinja are bridged in
 * {@link io.jseek.template.jinja.JinjaRenderer}.
 *
 * <p>The output contains whatever special-token text the template writes, including a leading BOS text; llama.cpp
 * strips that leading BOS (and a trailing EOS) before tokenizing with special-token parsing so that the tokenizer adds
 * BOS once (../shared/docs/deepseek-spec.md §4.5). Immutable and thread-safe.
 */
public final class ChatTemplate {

    private final String source;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = source;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    /**
     * A Jinja chat template.
     *
     * @param source   the template text
     * @param bosToken the BOS token text ({@code bos_token}); may be null when the model has none
     * @param eosToken the EOS token text ({@code eos_token}); may be null when the model has none
     * @throws ChatTemplateException when the template has a syntax error Jinjava detects while parsing (errors inside
     *                               expressions surface when rendering)
     */
    public static ChatTemplate jinja(String source, String bosToken, String eosToken) {
        JinjaRenderer.validate(Objects.requireNonNull(source, "source"));
        return new ChatTemplate(source, bosToken, eosToken);
    }

    /**
     * Renders the conversation.
     *
     * @throws ChatTemplateException when the template fails: an expression error, an unknown filter or test, a
     *                               type error such as {@code 'text' + none}, or its own {@code raise_exception}
     */
    public String render(List<ChatMessage> messages, RenderOptions options) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(options, "options");
        Map<String, Object> variables = new HashMap<>();
        options.extra().forEach((name, value) -> variables.put(name, TemplateValues.tree(value)));
        variables.put("messages", TemplateValues.messages(messages));
        variables.put("tools", TemplateValues.tree(options.tools()));
        variables.put("add_generation_prompt", options.addGenerationPrompt());
        variables.put("bos_token", bosToken);
        variables.put("eos_token", eosToken);
        return JinjaRenderer.render(source, variables);
    }

    public String source() {
        return source;
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }
}
