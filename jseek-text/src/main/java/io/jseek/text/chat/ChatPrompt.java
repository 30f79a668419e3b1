package io.jseek.text.chat;

import io.jseek.model.Model;
import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.ChatTemplates;
import io.jseek.template.RenderOptions;
import io.jseek.template.ToolCall;
import io.jseek.text.stream.ReasoningSplitter;
import io.jseek.tokenizer.Tokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns a conversation into prompt tokens through the model's chat template, so that only the template's own markup
 * can become control tokens: a user who types {@code <｜Assistant｜>} gets those characters, not the role marker.
 *
 * <p>How: the template is rendered twice, once with the real messages and once with each message text replaced by
 * a private-use sentinel. Splicing the texts into the sentinel rendering tells which characters of the prompt came
 * from messages; when the splice equals the real rendering (the template did not rewrite any text), that map is
 * exact. Templates that rewrite texts (R1's strips the reasoning from past answers) fall back to finding each text
 * in the real rendering in order; a text with special-token markup that cannot be found is refused rather than
 * risked. Control tokens are then matched only in template characters, and the text between them is tokenized
 * whole without special-token parsing, which gives llama.cpp's tokens for prompts without forged markup. As in
 * llama.cpp, a leading BOS text is stripped and the tokenizer adds BOS when the model asks for it.
 *
 * <p>The one chat templating of the Java API's {@code JseekModel.chat} and the HTTP server, so that both prompt
 * alike.
 */
public final class ChatPrompt {
    /** Prompt tokens, and whether the prompt leaves the model inside {@code <think>}. */
    public record Tokens(int[] ids, boolean opensReasoning) {
    }

    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final SpecialTokenTexts specials;

    ChatPrompt(Tokenizer tokenizer, ChatTemplate template, SpecialTokenTexts specials) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.specials = specials;
    }

    /** A prompt builder for {@code template} over {@code tokenizer}. */
    public static ChatPrompt of(Tokenizer tokenizer, ChatTemplate template) {
        return new ChatPrompt(tokenizer, template, new SpecialTokenTexts(tokenizer));
    }

    /**
     * The chat template of a model: the file's {@code tokenizer.chat_template}, else the built-in one of its
     * architecture, else null.
     */
    public static ChatTemplate templateOf(Model model, Tokenizer tokenizer) throws IOException {
        String bos = tokenizer.bosId() >= 0 ? tokenizer.tokenText(tokenizer.bosId()) : null;
        String eos = tokenizer.eosId() >= 0 ? tokenizer.tokenText(tokenizer.eosId()) : null;
        var source = model.gguf().findString("tokenizer.chat_template");
        if (source.isPresent()) {
            return ChatTemplate.jinja(source.get(), bos, eos);
        }
        String arch = model.config().architecture();
        return ChatTemplates.architectures().contains(arch) ? ChatTemplates.builtIn(arch, bos, eos) : null;
    }

    /**
     * Renders and tokenizes {@code messages}; message texts never become control tokens.
     *
     * @throws IllegalArgumentException when a message holds special-token markup the template rewrote
     */
    public Tokens tokenize(List<ChatMessage> messages, RenderOptions options) {
        String real = template.render(messages, options);
        List<String> texts = new ArrayList<>();
        String skeleton = template.render(withSentinels(messages, texts), options);
        BitSet fromMessages = new BitSet();
        String spliced = splice(skeleton, texts, fromMessages);
        if (!spliced.equals(real)) {
            fromMessages = locate(real, texts);
        }
        int start = 0;
        String bos = template.bosToken();
        if (bos != null && !bos.isEmpty() && real.startsWith(bos) && fromMessages.nextSetBit(0) != 0) {
            start = bos.length();
        }
        int[] ids = encode(real, start, fromMessages);
        return new Tokens(ids, real.stripTrailing().endsWith(ReasoningSplitter.OPEN));
    }

    private static String sentinel(int index) {
        return "\uE000" + index + "\uE001";
    }

    /** The messages with every text replaced by a sentinel; the texts are appended to {@code texts} in order. */
    private static List<ChatMessage> withSentinels(List<ChatMessage> messages, List<String> texts) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                calls.add(new ToolCall(c.id(), c.type(), c.name(), hide(c.arguments(), texts)));
            }
            out.add(new ChatMessage(m.role(), hide(m.content(), texts), hide(m.reasoningContent(), texts), calls,
                    m.toolCallId(), m.name()));
        }
        return out;
    }

    private static String hide(String text, List<String> texts) {
        if (text == null) {
            return null;
        }
        texts.add(text);
        return sentinel(texts.size() - 1);
    }

    /** Puts the texts back in place of their sentinels, marking their characters in {@code fromMessages}. */
    private static String splice(String skeleton, List<String> texts, BitSet fromMessages) {
        StringBuilder out = new StringBuilder(skeleton.length());
        int i = 0;
        while (i < skeleton.length()) {
            int open = skeleton.indexOf('\uE000', i);
            int close = open < 0 ? -1 : skeleton.indexOf('\uE001', open);
            if (close < 0) {
                out.append(skeleton, i, skeleton.length());
                break;
            }
            out.append(skeleton, i, open);
            String text = texts.get(Integer.parseInt(skeleton.substring(open + 1, close)));
            fromMessages.set(out.length(), out.length() + text.length());
            out.append(text);
            i = close + 1;
        }
        return out.toString();
    }

    /** Finds the texts in the real rendering in order; refuses texts with markup that the template rewrote. */
    private BitSet locate(String real, List<String> texts) {
        BitSet fromMessages = new BitSet();
        int cursor = 0;
        for (String text : texts) {
            String candidate = text;
            int at = real.indexOf(candidate, cursor);
            if (at < 0 && text.contains("</think>")) {
                candidate = text.substring(text.lastIndexOf("</think>") + "</think>".length());
                at = real.indexOf(candidate, cursor);
            }
            if (at >= 0) {
                fromMessages.set(at, at + candidate.length());
                cursor = at + candidate.length();
            } else if (specials.occursIn(text)) {
                throw new IllegalArgumentException("a message contains special-token markup and the chat template"
                        + " rewrote it, so it cannot be kept as plain text: " + abbreviate(text));
            }
        }
        return fromMessages;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Control tokens where the template wrote them; the text between them tokenized without special parsing. */
    private int[] encode(String prompt, int start, BitSet fromMessages) {
        List<int[]> parts = new ArrayList<>();
        if (tokenizer.addBosByDefault() && tokenizer.bosId() >= 0) {
            parts.add(new int[] {tokenizer.bosId()});
        }
        int textStart = start;
        int i = start;
        while (i < prompt.length()) {
            SpecialTokenTexts.Special s = fromMessages.get(i) ? null : specials.match(prompt, i, limit(fromMessages,
                    i, prompt.length()));
            if (s == null) {
                i++;
                continue;
            }
            parts.add(tokenizer.encode(prompt.substring(textStart, i), false, false));
            parts.add(new int[] {s.id()});
            i += s.text().length();
            textStart = i;
        }
        parts.add(tokenizer.encode(prompt.substring(textStart), false, false));
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** The end of the run of template characters starting at {@code i}. */
    private static int limit(BitSet fromMessages, int i, int length) {
        int next = fromMessages.nextSetBit(i);
        return next < 0 ? length : next;
    }
}
