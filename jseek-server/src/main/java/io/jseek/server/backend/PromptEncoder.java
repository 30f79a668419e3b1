package io.jseek.server.backend;

import io.jseek.engine.RequestRejectedException;
import io.jseek.server.Prompt;
import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.ChatTemplateException;
import io.jseek.template.RenderOptions;
import io.jseek.text.chat.ChatPrompt;
import io.jseek.text.stream.ReasoningSplitter;
import io.jseek.tokenizer.SpecialRole;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns a server {@link Prompt} into prompt token ids for the engine. Every text that came from a client is encoded
 * without special-token parsing, so that {@code <｜User｜>} typed by a user stays characters; only the template's
 * own markup (and the FIM and think markers this class adds) become control tokens.
 *
 * <ul>
 *   <li>Chat: the model's template through {@link ChatPrompt} with the tools and the thinking switch as template
 *   variables ({@code thinking} and {@code enable_thinking}: V3.1-style templates read them, R1 templates always
 *   think and ignore them).</li>
 *   <li>Assistant prefix ({@code prefix: true}): the conversation before it is rendered with the generation prompt,
 *   then the prefix is appended as plain text, the way DeepSeek's beta prefix completion continues it. When the
 *   generation prompt opened {@code <think>} and the prefix has answer text, its reasoning (possibly empty) is closed
 *   first so the continuation is answer, not chain of thought.</li>
 *   <li>Text: as-is, with BOS when the model adds one. With a suffix, fill-in-the-middle in prefix-suffix-middle
 *   order with the vocabulary's FIM tokens ({@code <｜fim▁begin｜>}, {@code <｜fim▁hole｜>}, {@code <｜fim▁end｜>} for
 *   DeepSeek).</li>
 * </ul>
 */
final class PromptEncoder {
    /**
     * @param ids the prompt
     * @param chat whether the answer goes through the reasoning splitter
     * @param opensReasoning whether the prompt leaves the model inside {@code <think>}
     */
    record Encoded(int[] ids, boolean chat, boolean opensReasoning) {
    }

    private final Tokenizer tokenizer;
    private final ChatPrompt chat;

    /** @param template the model's chat template, or null when it has none (chat requests are then refused) */
    PromptEncoder(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.chat = template == null ? null : ChatPrompt.of(tokenizer, template);
    }

    Encoded encode(Prompt prompt) throws RequestRejectedException {
        try {
            return switch (prompt) {
                case Prompt.Chat c -> chat(c);
                case Prompt.Text t when t.suffix() != null -> new Encoded(fim(t.text(), t.suffix()), false, false);
                case Prompt.Text t -> new Encoded(concat(bos(), plain(t.text())), false, false);
            };
        } catch (IllegalArgumentException | ChatTemplateException e) {
            throw invalid(e.getMessage());
        }
    }

    private Encoded chat(Prompt.Chat c) throws RequestRejectedException {
        if (chat == null) {
            throw invalid("this model has no chat template; use /completions with a raw prompt");
        }
        List<ChatMessage> messages = c.messages();
        ChatMessage prefix = null;
        if (c.continueLastMessage()) {
            prefix = messages.getLast();
            messages = messages.subList(0, messages.size() - 1);
        }
        ChatPrompt.Tokens rendered = chat.tokenize(messages, options(c));
        if (prefix == null) {
            return new Encoded(rendered.ids(), true, rendered.opensReasoning());
        }
        return continuation(rendered, prefix);
    }

    private static RenderOptions options(Prompt.Chat c) {
        Map<String, Object> vars = new HashMap<>();
        if (c.thinking() != null) {
            vars.put("thinking", c.thinking());
            vars.put("enable_thinking", c.thinking());
        }
        if (c.reasoningEffort() != null) {
            vars.put("reasoning_effort", c.reasoningEffort());
        }
        return new RenderOptions(true, c.tools().isEmpty() ? null : c.tools(), vars);
    }

    private Encoded continuation(ChatPrompt.Tokens rendered, ChatMessage prefix) {
        String content = prefix.content() == null ? "" : prefix.content();
        String reasoning = prefix.reasoningContent() == null ? "" : prefix.reasoningContent();
        List<int[]> parts = new ArrayList<>();
        parts.add(rendered.ids());
        boolean inReasoning = rendered.opensReasoning();
        if (inReasoning) {
            parts.add(plain(reasoning));
            if (!content.isEmpty()) {
                parts.add(tokenizer.encode("\n" + ReasoningSplitter.CLOSE + "\n\n", false, true));
                inReasoning = false;
            }
        }
        parts.add(plain(content));
        // A continued answer goes out verbatim: the splitter would drop its leading blank space.
        return new Encoded(parts.stream().flatMapToInt(Arrays::stream).toArray(), inReasoning, inReasoning);
    }

    private int[] fim(String prefix, String suffix) throws RequestRejectedException {
        OptionalInt pre = tokenizer.specialId(SpecialRole.FIM_PREFIX);
        OptionalInt suf = tokenizer.specialId(SpecialRole.FIM_SUFFIX);
        OptionalInt mid = tokenizer.specialId(SpecialRole.FIM_MIDDLE);
        if (pre.isEmpty() || suf.isEmpty() || mid.isEmpty()) {
            throw invalid("this model has no fill-in-the-middle tokens, so suffix is not supported");
        }
        return concat(bos(), new int[] {pre.getAsInt()}, plain(prefix), new int[] {suf.getAsInt()}, plain(suffix),
                new int[] {mid.getAsInt()});
    }

    private int[] bos() {
        return tokenizer.addBosByDefault() && tokenizer.bosId() >= 0 ? new int[] {tokenizer.bosId()} : new int[0];
    }

    private int[] plain(String text) {
        return text.isEmpty() ? new int[0] : tokenizer.encode(text, false, false);
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static RequestRejectedException invalid(String message) {
        return new RequestRejectedException(RequestRejectedException.Kind.INVALID, message, 0);
    }
}
