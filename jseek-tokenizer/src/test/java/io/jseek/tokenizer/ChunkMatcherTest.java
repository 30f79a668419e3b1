package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test: the hand-written matchers must cut every text exactly where java.util.regex cuts it. Random
 * strings are drawn from characters at the edges of every class the regexes use (ASCII and Unicode letters,
 * marks, digits, punctuation, symbols including '~', all kinds of whitespace, newlines, apostrophes and contraction
 * letters, supplementary letters/digits/emoji).
 */
class ChunkMatcherTest {
    private static final String[] POOL = {
        "a", "b", "s", "S", "t", "T", "r", "R", "e", "E", "v", "V", "m", "M", "l", "L", "d", "D", "z",
        "'", "\u2019", " ", "  ", "\t", "\n", "\r", "\r\n", "\u000B", "\u000C", "\u0085", "\u00A0", "\u2028",
        "\u3000", "\u200B", "0", "7", "\u0663", "\uFF13", "\u00BD", "\u2167", "!", "\"", "#", "$", "%", "&", "(",
        ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "^", "_", "`", "{",
        "|", "}", "~", "\u00e9", "\u0301", "\u0903", "\u20DD", "\u00B5", "\u01C5", "\u02B0", "\u4F60", "\u3042",
        "\u30A2", "\uAC00", "\u0416", "\u05D0", "\u0627", "\u0E01", "\u3001", "\u3002", "\uFF01", "\u00A9",
        "\u20AC", "\u00AD", "\u200D", "\uFE0F", "\uD83D\uDE00", "\uD801\uDC00", "\uD835\uDFD8", "\uD834\uDD1E",
        "\u0000", "\u007F", "\u9FA5", "\u9FA6", "\u0800", "\u07FF", "\uD7FF", "\u30FF", "\u3100",
        "\u00D7", "\u01BB", "\u0391", "\u0386", "\u0387", "\u1E00", "\uFF21", "\u2018", "\u201F", "\u2020",
        "\u3001", "\uD801\uDC50", "\uD83A\uDD00", "\u212A", "\u2CF3", "\u2CF4",
    };

    @ParameterizedTest
    @EnumSource(value = PreTokenizerType.class, names = {
        "QWEN2", "LLAMA3", "DEEPSEEK_V3", "DEEPSEEK_LLM", "DEEPSEEK_CODER", "DEFAULT"})
    void handWrittenMatchersAgreeWithTheRegexes(PreTokenizerType type) {
        assertNotNull(type.regexes().stream().map(ChunkMatcher::forRegex).filter(m -> m != null).findAny()
                .orElse(null), "no hand-written matcher for " + type);
        PreTokenizer fast = new PreTokenizer(type.regexes(), true);
        PreTokenizer slow = new PreTokenizer(type.regexes(), false);
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                sb.append(POOL[random.nextInt(POOL.length)]);
            }
            String text = sb.toString();
            assertEquals(cuts(slow, text), cuts(fast, text), () -> type + " on '" + escape(text) + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(value = PreTokenizerType.class, names = {
        "QWEN2", "LLAMA3", "DEEPSEEK_V3", "DEEPSEEK_LLM", "DEEPSEEK_CODER"})
    void everyDeepseekFamilyRegexIsHandWritten(PreTokenizerType type) {
        for (String regex : type.regexes()) {
            assertNotNull(ChunkMatcher.forRegex(regex), () -> type + ": " + regex);
        }
    }

    @org.junit.jupiter.api.Test
    void deepseekV3TokenizerJsonRegexesGetTheSameMatchers() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(TestData.dir().resolve("deepseek-v3.tokenizer.json").toFile());
        List<String> regexes = HuggingFacePreTokenizer.parse(json.path("pre_tokenizer")).regexes();
        assertEquals(PreTokenizerType.DEEPSEEK_V3.regexes(), regexes);
    }

    private static List<Integer> cuts(PreTokenizer pre, String text) {
        IntList cuts = new IntList(8);
        pre.split(text, 0, text.length(), cuts, new IntList(8));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            out.add(cuts.get(i));
        }
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format("\\u{%X}", cp)));
        return sb.toString();
    }
}
