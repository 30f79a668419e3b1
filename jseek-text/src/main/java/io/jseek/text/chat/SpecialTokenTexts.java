package io.jseek.text.chat;

import io.jseek.tokenizer.TokenType;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts of a vocabulary's control tokens ({@code <｜User｜>}, {@code <｜end▁of▁sentence｜>}, …), indexed by first
 * character with the longest text first, as llama.cpp's special-token partition tries them. Lets
 * {@link ChatPrompt} decide for itself which occurrences in a rendered prompt become control tokens. Immutable.
 */
final class SpecialTokenTexts {
    /** A control token: its text and id. */
    record Special(String text, int id) {
    }

    private final Map<Character, List<Special>> byFirstChar = new HashMap<>();

    SpecialTokenTexts(Tokenizer tokenizer) {
        for (int id = 0; id < tokenizer.vocabularySize(); id++) {
            String text = tokenizer.tokenText(id);
            if (tokenizer.tokenType(id) == TokenType.CONTROL && !text.isEmpty()) {
                byFirstChar.computeIfAbsent(text.charAt(0), c -> new ArrayList<>()).add(new Special(text, id));
            }
        }
        byFirstChar.values().forEach(l -> l.sort(Comparator.comparingInt((Special s) -> s.text().length())
                .reversed()));
    }

    /** The longest control token whose text starts at {@code offset} and ends by {@code limit}, or null. */
    Special match(String text, int offset, int limit) {
        List<Special> candidates = byFirstChar.get(text.charAt(offset));
        if (candidates != null) {
            for (Special s : candidates) {
                if (offset + s.text().length() <= limit && text.startsWith(s.text(), offset)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Whether {@code text} contains the text of any control token. */
    boolean occursIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (match(text, i, text.length()) != null) {
                return true;
            }
        }
        return false;
    }
}
