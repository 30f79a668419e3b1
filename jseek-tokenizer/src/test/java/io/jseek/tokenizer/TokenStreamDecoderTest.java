package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenStreamDecoderTest {
    private static final String TEXT = "\u4F60\u597D\uD83C\uDF0D\u4E16\u754C \uD83D\uDE00\u200D\uD83D\uDE01 caf\u00e9 "
            + "\u1780\u17B6\u1793";

    @Test
    void multiTokenCharactersAreHeldBackUntilComplete() {
        Tokenizer t = TestData.gguf("deepseek-v3");
        int[] ids = t.encode(TEXT, false, false);
        TokenStreamDecoder decoder = t.streamDecoder(false);
        StringBuilder out = new StringBuilder();
        int heldBack = 0;
        for (int id : ids) {
            String piece = decoder.accept(id);
            assertFalse(piece.contains("\uFFFD"), "partial character leaked at token " + id);
            heldBack += decoder.hasPending() ? 1 : 0;
            out.append(piece);
        }
        out.append(decoder.finish());
        assertEquals(TEXT, out.toString());
        assertTrue(heldBack > 0, "the text should contain characters split across tokens");
    }

    @Test
    void streamingEqualsBatchDecodingIncludingControlTokens() {
        Tokenizer t = TestData.gguf("deepseek-v3");
        int[] ids = t.encode("<\uFF5CUser\uFF5C>" + TEXT, true, true);
        for (boolean render : new boolean[] {false, true}) {
            TokenStreamDecoder decoder = t.streamDecoder(render);
            StringBuilder out = new StringBuilder();
            for (int id : ids) {
                out.append(decoder.accept(id));
            }
            out.append(decoder.finish());
            assertEquals(t.decode(ids, render), out.toString());
        }
    }

    @Test
    void unfinishedCharacterIsFlushedAsReplacement() {
        Tokenizer t = TestData.gguf("deepseek-v3");
        int[] ids = t.encode("\uD83C\uDF0D", false, false);
        assertTrue(ids.length > 1, "emoji expected to span tokens");
        TokenStreamDecoder decoder = t.streamDecoder(false);
        assertEquals("", decoder.accept(ids[0]));
        assertEquals("\uFFFD", decoder.finish());
        assertFalse(decoder.hasPending());
    }

    @Test
    void completePrefixRecognisesSequenceLengths() {
        byte[] euro = "a\u20AC".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, TokenStreamDecoder.completePrefix(euro, 4));
        assertEquals(1, TokenStreamDecoder.completePrefix(euro, 3));
        assertEquals(1, TokenStreamDecoder.completePrefix(euro, 2));
        byte[] emoji = "\uD83C\uDF0D".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, TokenStreamDecoder.completePrefix(emoji, 3));
        assertEquals(4, TokenStreamDecoder.completePrefix(emoji, 4));
        byte[] stray = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(4, TokenStreamDecoder.completePrefix(stray, 4));
    }
}
