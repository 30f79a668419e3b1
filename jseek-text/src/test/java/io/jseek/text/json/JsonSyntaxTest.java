package io.jseek.text.json;

import static io.jseek.text.json.JsonTestSupport.BYTE_EOS;
import static io.jseek.text.json.JsonTestSupport.acceptsBytes;
import static io.jseek.text.json.JsonTestSupport.byteVocabulary;
import static io.jseek.text.json.JsonTestSupport.feedBytes;
import static io.jseek.text.json.JsonTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain JSON syntax, byte by byte, on the synthetic byte vocabulary: what is accepted, what is masked, when EOS. */
class JsonSyntaxTest {
    private static final JsonNode ANY = json("{}");

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":1}", " { \"a\" : [ 1 , 2.5e-3 , -0 , 0.0E+1 , true , false , null ] } ",
        "{\"k\":\"x\\u00e9\\n\\\"y\\/\\\\\"}", "{\"nested\":{\"deeper\":[[],{},[{\"z\":\"\"}]]}}",
        "{\"é😀\":\"中文 ünïcödé 😀\"}", "{\"a\":{}\n}\n", "\r\n{\"a\":\t1}"})
    void acceptsValidObjects(String text) {
        assertTrue(acceptsBytes(null, text), text);
        assertTrue(acceptsBytes(ANY, text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "12.5", "1e9", "\"s\"", "true", "null", "[]", "[1,[2,[3]]]"})
    void anySchemaAcceptsScalarsAndArraysButJsonObjectModeDoesNot(String text) {
        assertTrue(acceptsBytes(ANY, text), text);
        assertFalse(acceptsBytes(null, text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "1.", "1e", "1e+", ".5", "+1", "--1", "[1,]", "[,1]", "{,}", "{\"a\" 1}",
        "{\"a\":}", "{'a':1}", "\"\\x\"", "\"\\u12g4\"", "[1 2]", "tru", "nul", "True", "[1]]", "{}}", "{} x",
        "\"a\tb\"", "\"a\nb\"", "NaN", "[01]", "{\"a\":1,}"})
    void rejectsInvalidText(String text) {
        assertFalse(acceptsBytes(ANY, text), text);
    }

    @Test
    void rejectsInvalidUtf8InsideStrings() {
        int[][] invalid = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80}, {0xF0, 0x80, 0x80,
            0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5}, {0xFF}, {0x80}, {0xE2, 0x82}, {0xC3, 0x28}};
        for (int[] sequence : invalid) {
            byte[] text = new byte[sequence.length + 2];
            text[0] = '"';
            for (int i = 0; i < sequence.length; i++) {
                text[i + 1] = (byte) sequence[i];
            }
            text[text.length - 1] = '"';
            assertFalse(acceptsBytes(ANY, text), java.util.Arrays.toString(sequence));
        }
        assertTrue(acceptsBytes(ANY, "\"\u00e9\u20ac\ud83d\ude00\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eosOnlyWhenComplete() {
        JsonConstraint c = JsonConstraint.forSchema(null, byteVocabulary());
        byte[] text = "{\"a\":[1,{\"b\":null}]}".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            assertFalse(c.allowsEos());
            assertFalse(c.allows(BYTE_EOS));
            c.accept(b & 0xFF);
        }
        assertTrue(c.allowsEos());
        assertTrue(c.mustEnd());
        assertTrue(c.mask().get(BYTE_EOS));
        c.accept(BYTE_EOS);
        assertTrue(c.isFinished());
        assertTrue(c.mask().isEmpty());
    }

    @Test
    void topLevelNumberMayEndOrContinue() {
        JsonConstraint c = JsonConstraint.forSchema(ANY, byteVocabulary());
        assertTrue(feedBytes(c, "12".getBytes(StandardCharsets.UTF_8)));
        assertTrue(c.allowsEos());
        assertFalse(c.mustEnd());
        assertTrue(c.allows('3'));
        assertTrue(c.allows('.'));
        assertFalse(c.allows('x'));
    }

    @Test
    void controlTokensAreNeverAllowed() {
        JsonConstraint c = JsonConstraint.forSchema(null, byteVocabulary());
        assertFalse(c.mask().get(257));
        assertThrows(IllegalStateException.class, () -> c.accept(257));
        assertThrows(IllegalStateException.class, () -> c.accept('['));
        assertTrue(c.allows('{'));
    }

    @Test
    void whitespaceRunsAreBounded() {
        String run = " ".repeat(JsonPda.MAX_WHITESPACE);
        assertTrue(acceptsBytes(null, "{" + run + "}"));
        assertFalse(acceptsBytes(null, "{" + run + " }"));
        assertFalse(acceptsBytes(null, "{\n\n}"));
        assertFalse(acceptsBytes(null, "{\n \n}"));
        assertTrue(acceptsBytes(null, "{\n  \"a\": 1,\n  \"b\": 2\n}"));
    }

    @Test
    void numbersAreBoundedWithoutDeadEnds() {
        String digits = "1".repeat(NumberLexer.MAX_LENGTH);
        assertTrue(acceptsBytes(ANY, digits));
        assertFalse(acceptsBytes(ANY, digits + "1"));
        JsonConstraint c = JsonConstraint.forSchema(ANY, byteVocabulary());
        feedBytes(c, "1".repeat(NumberLexer.MAX_LENGTH - 1).getBytes(StandardCharsets.UTF_8));
        assertFalse(c.allows('.'), "a dot needs room for a digit after it");
        assertTrue(c.allows('1'));
    }

    @Test
    void maskMatchesAllowsForEveryByte() {
        String text = "{\"k\\u00e9y\": [1.5e3, \"\u00e9\ud83d\ude00\", {\"x\": -0}], \"t\": true}";
        JsonConstraint c = JsonConstraint.forSchema(null, byteVocabulary());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            java.util.BitSet mask = c.mask();
            for (int id = 0; id < 258; id++) {
                assertEquals(c.allows(id), mask.get(id), "token " + id + " before byte " + (b & 0xFF));
            }
            c.accept(b & 0xFF);
        }
    }

    @Test
    void maskLogitsBlocksDisallowedTokensAndPadding() {
        JsonConstraint c = JsonConstraint.forSchema(null, byteVocabulary());
        float[] logits = new float[300];
        c.maskLogits(logits);
        assertEquals(0f, logits['{']);
        assertEquals(0f, logits[' ']);
        assertEquals(Float.NEGATIVE_INFINITY, logits['[']);
        assertEquals(Float.NEGATIVE_INFINITY, logits[BYTE_EOS]);
        assertEquals(Float.NEGATIVE_INFINITY, logits[299]);
    }
}
