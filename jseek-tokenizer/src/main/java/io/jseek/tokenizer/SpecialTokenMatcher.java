package io.jseek.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits special and user-defined token texts out of input before pre-tokenization (llama.cpp
 * {@code tokenizer_st_partition}, docs §4.5).
 *
 * <p>llama.cpp tries the candidate tokens longest text first; each one claims its leftmost non-overlapping
 * occurrences in the text not yet claimed. Doing that literally is O(tokens × text), too slow for the thousands of
 * user-defined tokens of some vocabularies, so this class finds every occurrence in one pass with a trie (only at
 * positions whose character can start a token) and then claims them in the same priority order: longer text first,
 * then lower id, then leftmost. The outcome is identical: an occurrence is rejected exactly when it would overlap an
 * earlier claim, which is when llama.cpp could not find it inside the remaining fragments.
 *
 * <p>{@link TokenType#CONTROL} and {@link TokenType#UNKNOWN} tokens take part only when special tokens are parsed;
 * {@link TokenType#USER_DEFINED} tokens always do. Immutable and thread-safe.
 */
final class SpecialTokenMatcher {
    private final Node root = new Node();
    private final BitSet firstChars = new BitSet(1 << 16);
    private final boolean hasUserDefined;

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        int tokenId = -1;
        boolean alwaysMatched;
    }

    /** One candidate occurrence: text range and token. */
    private record Occurrence(int start, int end, int tokenId) {
    }

    SpecialTokenMatcher(String[] texts, TokenType[] types) {
        boolean userDefined = false;
        for (int id = 0; id < texts.length; id++) {
            TokenType type = types[id];
            boolean always = type == TokenType.USER_DEFINED;
            if (texts[id].isEmpty() || !(always || type == TokenType.CONTROL || type == TokenType.UNKNOWN)) {
                continue;
            }
            userDefined |= always;
            insert(texts[id], id, always);
        }
        hasUserDefined = userDefined;
    }

    private void insert(String text, int id, boolean always) {
        Node node = root;
        for (int i = 0; i < text.length(); i++) {
            node = node.children.computeIfAbsent(text.charAt(i), c -> new Node());
        }
        if (node.tokenId < 0) {
            node.tokenId = id;
            node.alwaysMatched = always;
        }
        firstChars.set(text.charAt(0));
    }

    /**
     * Partitions {@code text} into fragments appended to {@code out} as triples {@code (tokenId, start, end)}, where
     * tokenId -1 marks plain text {@code [start, end)} and any other value a matched token.
     */
    void partition(String text, boolean parseSpecial, IntList out) {
        if (!parseSpecial && !hasUserDefined) {
            addText(0, text.length(), out);
            return;
        }
        List<Occurrence> occurrences = findAll(text, parseSpecial);
        if (occurrences.isEmpty()) {
            addText(0, text.length(), out);
            return;
        }
        occurrences.sort(Comparator.comparingInt((Occurrence o) -> o.start - o.end)
                .thenComparingInt(Occurrence::tokenId).thenComparingInt(Occurrence::start));
        Occurrence[] claimedAt = new Occurrence[text.length()];
        BitSet claimed = new BitSet(text.length());
        for (Occurrence o : occurrences) {
            int firstClaimed = claimed.nextSetBit(o.start);
            if (firstClaimed < 0 || firstClaimed >= o.end) {
                claimed.set(o.start, o.end);
                claimedAt[o.start] = o;
            }
        }
        int textStart = 0;
        for (int i = claimed.nextSetBit(0); i >= 0; i = claimed.nextSetBit(i)) {
            Occurrence o = claimedAt[i];
            addText(textStart, o.start, out);
            out.add(o.tokenId);
            out.add(o.start);
            out.add(o.end);
            textStart = o.end;
            i = o.end;
        }
        addText(textStart, text.length(), out);
    }

    private List<Occurrence> findAll(String text, boolean parseSpecial) {
        List<Occurrence> found = new ArrayList<>();
        for (int start = 0; start < text.length(); start++) {
            if (!firstChars.get(text.charAt(start))) {
                continue;
            }
            Node node = root;
            for (int i = start; i < text.length(); i++) {
                node = node.children.get(text.charAt(i));
                if (node == null) {
                    break;
                }
                if (node.tokenId >= 0 && (parseSpecial || node.alwaysMatched)) {
                    found.add(new Occurrence(start, i + 1, node.tokenId));
                }
            }
        }
        return found;
    }

    private static void addText(int start, int end, IntList out) {
        if (start < end) {
            out.add(-1);
            out.add(start);
            out.add(end);
        }
    }
}
