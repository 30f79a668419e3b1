package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Special-token partitioning, BOS and control-token rendering on the real DeepSeek vocabularies. */
class SpecialTokenTest {
    private static final String USER = "<\uFF5CUser\uFF5C>";
    private static final String ASSISTANT = "<\uFF5CAssistant\uFF5C>";
    private static final String BOS = "<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>";
    private static final String EOS = "<\uFF5Cend\u2581of\u2581sentence\uFF5C>";

    private static Tokenizer v3(String source) {
        return source.equals("gguf") ? TestData.gguf("deepseek-v3") : TestData.huggingFace("deepseek-v3.tokenizer.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf", "hf"})
    void userTextNeverBecomesControlTokens(String source) {
        Tokenizer t = v3(source);
        String text = BOS + USER + "Hi" + ASSISTANT + "<|EOT|>" + EOS;
        int[] ids = t.encode(text, false, false);
        assertTrue(Arrays.stream(ids).noneMatch(t::isControl), Arrays.toString(ids));
        assertEquals(text, t.decode(ids));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf", "hf"})
    void parsedSpecialTextBecomesControlTokens(String source) {
        Tokenizer t = v3(source);
        int[] ids = t.encode(USER + "Hi" + ASSISTANT, true, true);
        int hi = t.encode("Hi", false, false)[0];
        assertArrayEquals(new int[] {0, 128803, hi, 128804}, ids);
        assertTrue(t.isControl(128803) && t.isControl(128804) && t.isControl(0));
        assertEquals("Hi", t.decode(ids));
        assertEquals(BOS + USER + "Hi" + ASSISTANT, t.decode(ids, true));
        assertArrayEquals(new int[] {1}, t.encode(EOS, false, true));
        assertArrayEquals(new int[] {128805}, t.encode("<|EOT|>", false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gguf", "hf"})
    void rolesAndFlagsMatchBetweenLoadingPaths(String source) {
        Tokenizer t = v3(source);
        assertEquals(0, t.bosId());
        assertEquals(1, t.eosId());
        assertTrue(t.addBosByDefault());
        assertTrue(t.isEndOfGeneration(1));
        assertFalse(t.isEndOfGeneration(0));
        assertEquals(128801, t.specialId(SpecialRole.FIM_PREFIX).orElseThrow());
        assertEquals(128800, t.specialId(SpecialRole.FIM_SUFFIX).orElseThrow());
        assertEquals(128802, t.specialId(SpecialRole.FIM_MIDDLE).orElseThrow());
        assertEquals(128815, t.vocabularySize());
        assertEquals(TestData.gguf("deepseek-v3").mergeCount(), t.mergeCount());
    }

    @Test
    void userDefinedTokensAreMatchedEvenWithoutParsingSpecials() {
        Tokenizer llm = TestData.gguf("deepseek-llm");
        assertEquals(TokenType.USER_DEFINED, llm.tokenType(100014));
        assertArrayEquals(new int[] {37, 100014, 71, 6245}, llm.encode("F\u00fchrer", false, false));
        assertArrayEquals(new int[] {37, 100014, 71, 6245}, llm.encode("F\u00fchrer", false, true));
        Tokenizer qwen = TestData.gguf("deepseek-r1-qwen");
        assertEquals(TokenType.USER_DEFINED, qwen.tokenType(151667));
        assertArrayEquals(new int[] {151667}, qwen.encode("<think>", false, false));
    }

    @Test
    void userDefinedTokensThatLookSpecialAreControl() {
        Tokenizer coder = TestData.gguf("deepseek-coder");
        int user = coder.tokenId("<|User|>").orElseThrow();
        assertEquals(TokenType.CONTROL, coder.tokenType(user));
        assertFalse(Arrays.stream(coder.encode("<|User|>", false, false)).anyMatch(id -> id == user));
        assertArrayEquals(new int[] {user}, coder.encode("<|User|>", false, true));
    }

    @Test
    void bosRequiresABosToken() {
        Tokenizer qwen = TestData.gguf("deepseek-r1-qwen");
        assertEquals(-1, qwen.bosId());
        assertFalse(qwen.addBosByDefault());
        assertThrows(IllegalStateException.class, () -> qwen.encode("x", true, false));
        assertEquals(151643, qwen.eosId());
    }

    @Test
    void controlTokenAdjacentToTextSplitsCleanly() {
        Tokenizer t = TestData.gguf("deepseek-v3");
        int[] ids = t.encode("a" + EOS + EOS + "b", false, true);
        assertArrayEquals(new int[] {t.encode("a", false, false)[0], 1, 1, t.encode("b", false, false)[0]}, ids);
    }
}
