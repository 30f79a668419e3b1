package io.jseek.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Token texts, effective types, text → id lookup and the decoded byte piece of every token. Immutable.
 *
 * <p>Effective type: a {@link TokenType#USER_DEFINED} token whose text "looks special" ({@code <|…|>},
 * {@code <｜…｜>}, {@code <pad>}, …) is treated as {@link TokenType#CONTROL}. This is the rule of llama.cpp's
 * converter ({@code does_token_look_special}) applied at load time, because some GGUF files (the DeepSeek-V3 vocab
 * in the test data, deepseek-coder v1) store chat markers such as {@code <｜Assistant｜>} as user-defined, and
 * user-defined tokens are split out of input even when special tokens are not parsed: without the promotion, user
 * text could forge chat-role markers. Plain user-defined tokens ({@code ü}, {@code <think>}) keep llama.cpp's
 * always-matched behaviour.
 */
final class Vocabulary {
    private static final byte[] EMPTY = new byte[0];

    private final String[] texts;
    private final TokenType[] types;
    private final Map<String, Integer> ids;
    private final byte[][] pieces;

    Vocabulary(String[] texts, TokenType[] storedTypes) {
        if (texts.length != storedTypes.length) {
            throw new IllegalArgumentException(texts.length + " tokens but " + storedTypes.length + " token types");
        }
        this.texts = texts.clone();
        this.types = new TokenType[texts.length];
        this.ids = HashMap.newHashMap(texts.length);
        this.pieces = new byte[texts.length][];
        for (int id = 0; id < texts.length; id++) {
            TokenType type = storedTypes[id];
            if (type == TokenType.USER_DEFINED && looksSpecial(texts[id])) {
                type = TokenType.CONTROL;
            }
            types[id] = type;
            ids.put(texts[id], id);
            pieces[id] = piece(texts[id], type);
        }
    }

    /** llama.cpp converter's {@code does_token_look_special} (convert_hf_to_gguf.py). */
    static boolean looksSpecial(String text) {
        return text.equals("<pad>") || text.equals("<mask>") || text.equals("<2mass>") || text.equals("[@BOS@]")
                || (text.startsWith("<|") && text.endsWith("|>") && text.length() >= 4)
                || (text.startsWith("<\uFF5C") && text.endsWith("\uFF5C>") && text.length() >= 4)
                || (text.startsWith("<unused") && text.endsWith(">"));
    }

    private static byte[] piece(String text, TokenType type) {
        return switch (type) {
            case NORMAL -> ByteLevel.decode(text);
            case CONTROL, USER_DEFINED, UNKNOWN -> text.getBytes(StandardCharsets.UTF_8);
            case UNUSED, BYTE -> EMPTY;
        };
    }

    int size() {
        return texts.length;
    }

    String text(int id) {
        return texts[checked(id)];
    }

    TokenType type(int id) {
        return types[checked(id)];
    }

    /** Bytes the token decodes to (control tokens: their text; the caller decides whether to render them). */
    byte[] piece(int id) {
        return pieces[checked(id)];
    }

    OptionalInt find(String text) {
        Integer id = ids.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    Map<String, Integer> idsByText() {
        return ids;
    }

    String[] texts() {
        return texts;
    }

    TokenType[] types() {
        return types;
    }

    private int checked(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IndexOutOfBoundsException("token id " + id + " outside vocabulary of " + texts.length);
        }
        return id;
    }
}
