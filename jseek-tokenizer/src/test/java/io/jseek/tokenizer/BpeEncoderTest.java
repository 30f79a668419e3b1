package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge order, tie-breaking and out-of-vocabulary handling on small hand-made vocabularies. */
class BpeEncoderTest {

    /** A tokenizer over {@code tokens} (byte-level text) and "left right" merges, pre-tokenizing on spaces only. */
    static Tokenizer tokenizer(List<String> tokens, List<String> merges, boolean ignoreMerges, List<String> regexes) {
        TokenType[] types = new TokenType[tokens.size()];
        java.util.Arrays.fill(types, TokenType.NORMAL);
        return new Tokenizer(new TokenizerDefinition(tokens.toArray(String[]::new), types,
                merges.stream().map(m -> m.split(" ")[0]).toArray(String[]::new),
                merges.stream().map(m -> m.split(" ")[1]).toArray(String[]::new),
                "test", regexes, ignoreMerges, false, Map.of(), false, false));
    }

    @Test
    void lowestRankMergesFirst() {
        Tokenizer t = tokenizer(List.of("a", "b", "c", "ab", "bc", "abc"), List.of("b c", "a b", "a bc"), false,
                List.of());
        assertArrayEquals(new int[] {5}, t.encode("abc", false, false));
        Tokenizer other = tokenizer(List.of("a", "b", "c", "ab", "bc", "abc"), List.of("a b", "b c", "ab c"), false,
                List.of());
        assertArrayEquals(new int[] {5}, other.encode("abc", false, false));
        Tokenizer partial = tokenizer(List.of("a", "b", "c", "ab", "bc"), List.of("b c", "a b"), false, List.of());
        assertArrayEquals(new int[] {0, 4}, partial.encode("abc", false, false));
    }

    @Test
    void equalRanksMergeLeftmostFirst() {
        Tokenizer t = tokenizer(List.of("a", "aa"), List.of("a a"), false, List.of());
        assertArrayEquals(new int[] {1, 0}, t.encode("aaa", false, false));
        assertArrayEquals(new int[] {1, 1}, t.encode("aaaa", false, false));
    }

    @Test
    void mergesThroughStringsMissingFromTheVocabulary() {
        Tokenizer t = tokenizer(List.of("x", "y", "z", "xyz"), List.of("x y", "xy z"), false, List.of());
        assertArrayEquals(new int[] {3}, t.encode("xyz", false, false));
        assertArrayEquals(new int[] {0, 1}, t.encode("xy", false, false));
    }

    @Test
    void charactersWithoutTokensAreDropped() {
        Tokenizer t = tokenizer(List.of("a", "Ġ"), List.of(), false, List.of(" ?a+"));
        assertArrayEquals(new int[] {0, 1, 0}, t.encode("a?\u00e9 a", false, false));
        assertEquals("a a", t.decode(t.encode("a?\u00e9 a", false, false)));
    }

    @Test
    void byteLevelSymbolsCoverMultiByteCharacters() {
        String e = "" + ByteLevel.charOf(0xC3) + ByteLevel.charOf(0xA9);
        Tokenizer t = tokenizer(List.of(String.valueOf(ByteLevel.charOf(0xC3)), String.valueOf(ByteLevel.charOf(0xA9)),
                e, "Ġ", "Ġ" + e), List.of(ByteLevel.charOf(0xC3) + " " + ByteLevel.charOf(0xA9), "Ġ " + e), false,
                List.of());
        assertArrayEquals(new int[] {4, 2}, t.encode(" \u00e9\u00e9", false, false));
        assertEquals(" \u00e9\u00e9", t.decode(new int[] {4, 2}));
    }

    @Test
    void ignoreMergesTakesWholeChunkTokens() {
        List<String> tokens = List.of("a", "b", "ab", "ba", "bab");
        assertArrayEquals(new int[] {3, 1}, tokenizer(tokens, List.of("b a"), false, List.of()).encode("bab", false,
                false));
        assertArrayEquals(new int[] {4}, tokenizer(tokens, List.of("b a"), true, List.of()).encode("bab", false,
                false));
    }

    @Test
    void repeatedEncodingUsesCacheConsistently() {
        Tokenizer t = TestData.gguf("deepseek-v3");
        String text = "The quick brown fox jumps over the lazy dog. \u4F60\u597D\u4E16\u754C 12345";
        int[] first = t.encode(text, false, false);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first, t.encode(text, false, false));
        }
    }

    @Test
    void concurrentEncodingMatchesSequentialEncoding() throws Exception {
        Tokenizer t = TestData.gguf("deepseek-v3");
        List<String> texts = TestData.vectors("deepseek-v3").stream().map(TestData.Vector::text).toList();
        List<int[]> expected = texts.stream().map(x -> t.encode(x, false, false)).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < texts.size(); i++) {
                            if (!java.util.Arrays.equals(expected.get(i), t.encode(texts.get(i), false, false))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (var result : results) {
                assertEquals(true, result.get());
            }
        }
    }
}
