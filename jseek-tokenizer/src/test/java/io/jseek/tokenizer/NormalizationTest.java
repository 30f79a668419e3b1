package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The known divergence of the test data README: Qwen's tokenizer.json NFC-normalizes input, llama.cpp (and so the
 * R1-Distill-Qwen GGUF) does not. Both share vocabulary and merges, so they agree on NFC text and differ otherwise.
 */
class NormalizationTest {
    private static final String DECOMPOSED = "Cafe\u0301 \u1100\u1161 A\u030A";
    private static final String COMPOSED = "Caf\u00e9 \uAC00 \u00C5";

    @Test
    void onlyTheHuggingFaceFileNormalizes() {
        Tokenizer gguf = TestData.gguf("deepseek-r1-qwen");
        Tokenizer hf = TestData.huggingFace("qwen.tokenizer.json");
        assertFalse(gguf.normalizesNfc());
        assertTrue(hf.normalizesNfc());
        assertArrayEquals(gguf.encode(COMPOSED, false, false), hf.encode(COMPOSED, false, false));
        assertArrayEquals(gguf.encode(COMPOSED, false, false), hf.encode(DECOMPOSED, false, false));
        assertFalse(Arrays.equals(gguf.encode(DECOMPOSED, false, false), hf.encode(DECOMPOSED, false, false)));
        assertEquals(DECOMPOSED, gguf.decode(gguf.encode(DECOMPOSED, false, false)));
        assertEquals(COMPOSED, hf.decode(hf.encode(DECOMPOSED, false, false)));
    }

    @Test
    void normalizationLeavesSpecialTokensAlone() {
        Tokenizer hf = TestData.huggingFace("qwen.tokenizer.json");
        int imStart = hf.tokenId("<|im_start|>").orElseThrow();
        int[] ids = hf.encode("<|im_start|>" + DECOMPOSED, false, true);
        assertEquals(imStart, ids[0]);
        assertEquals("<|im_start|>" + COMPOSED, hf.decode(ids, true));
    }
}
