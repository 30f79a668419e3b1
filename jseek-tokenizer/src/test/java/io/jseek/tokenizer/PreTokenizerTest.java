package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regex translations of the pre-tokenizers, on hand-checked cases (the vocab vectors cover the DeepSeek ones). */
class PreTokenizerTest {

    static List<String> chunks(PreTokenizerType type, String text) {
        IntList cuts = new IntList(8);
        PreTokenizer.of(type).split(text, 0, text.length(), cuts, new IntList(8));
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            chunks.add(text.substring(cuts.get(i), cuts.get(i + 1)));
        }
        return chunks;
    }

    @Test
    void gpt2SplitsWordsContractionsAndSpaceRuns() {
        assertEquals(List.of("Hello", " world", "'s", " ", " test", " 123", "!!", " \u00e9t\u00e9"),
                chunks(PreTokenizerType.GPT2, "Hello world's  test 123!! \u00e9t\u00e9"));
        assertEquals(List.of("a", "\n", "b", "  "), chunks(PreTokenizerType.GPT2, "a\nb  "));
    }

    @Test
    void llama3GroupsDigitsByThreeAndMatchesContractionsCaseInsensitively() {
        assertEquals(List.of("123", "45", " abc"), chunks(PreTokenizerType.LLAMA3, "12345 abc"));
        assertEquals(List.of("I", "'M", " here", "'LL"), chunks(PreTokenizerType.LLAMA3, "I'M here'LL"));
        assertEquals(List.of("hello", "\n\n", "world", " ."), chunks(PreTokenizerType.LLAMA3, "hello\n\nworld ."));
        assertEquals(List.of("x", "  ", "\t\u00e9t\u00e9", ";\n"),
                chunks(PreTokenizerType.LLAMA3, "x  \t\u00e9t\u00e9;\n"));
    }

    @Test
    void qwen2SplitsSingleDigits() {
        assertEquals(List.of("1", "2", "3", " abc"), chunks(PreTokenizerType.QWEN2, "123 abc"));
    }

    @Test
    void whitespaceIsUnicodeWhiteSpaceAsInLlamaCpp() {
        // With Java's ASCII-only \s, the ideographic spaces would be taken as "other" characters and form one chunk.
        assertEquals(List.of("a", "\u3000", "\u3000b"), chunks(PreTokenizerType.QWEN2, "a\u3000\u3000b"));
        // GPT-2 allows only an ASCII space before a word, so the second no-break space stays alone.
        assertEquals(List.of("a", "\u00a0", "\u00a0", "b"), chunks(PreTokenizerType.GPT2, "a\u00a0\u00a0b"));
    }

    @Test
    void deepseekV3TreatsTildeAsSymbolLikeHuggingFace() {
        assertEquals(List.of("a", "~.", " ~", "b"), chunks(PreTokenizerType.DEEPSEEK_V3, "a~. ~b"));
    }

    @Test
    void deepseekLlmKeepsTrailingWhitespaceRunTogether() {
        assertEquals(List.of("ab", "  \u0085"), chunks(PreTokenizerType.DEEPSEEK_LLM, "ab  \u0085"));
        // U+2028 lies in the CJK-ish range [\u0800-\u4E00] of regex 5, which re-splits the trailing run.
        assertEquals(List.of("ab", "  ", "\u2028"), chunks(PreTokenizerType.DEEPSEEK_LLM, "ab  \u2028"));
    }

    @Test
    void supplementaryCharactersAreSingleCodePoints() {
        assertEquals(List.of("\uD801\uDC00\uD801\uDC01", " ", "1"),
                chunks(PreTokenizerType.DEEPSEEK_LLM, "\uD801\uDC00\uD801\uDC01 1"));
    }

    @Test
    void emptyTextHasNoChunks() {
        assertEquals(List.of(), chunks(PreTokenizerType.DEEPSEEK_V3, ""));
    }

    @Test
    void knownNamesCoverTheFamily() {
        String names = PreTokenizerType.knownNames();
        for (String name : List.of("deepseek-llm", "deepseek-coder", "deepseek-v3", "deepseek-r1-qwen", "qwen2",
                "llama-bpe", "gpt2", "default")) {
            assertTrue(names.contains(name), name);
        }
    }
}
