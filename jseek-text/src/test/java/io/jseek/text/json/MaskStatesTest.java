package io.jseek.text.json;

import static io.jseek.text.json.JsonTestSupport.json;
import static io.jseek.text.json.JsonTestSupport.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.tokenizer.Tokenizer;
import java.util.BitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mask in typical states of a document, on the real vocabularies: for every token, the mask's bit is what the
 * constraint's own single-token check ({@link JsonConstraint#allows}, which runs the token's bytes through the
 * automaton) says, and the string fast path gives the mask of the full trie walk. Spot checks per state name tokens
 * that must and must not be allowed. What a mask costs is measured by {@code JsonMaskBenchmark} in jseek-bench.
 */
class MaskStatesTest {
    private static final JsonNode SCHEMA = json("""
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
              "role":{"enum":["administrator","user","guest"]}},"required":["name"],"additionalProperties":false}""");

    /** A state, a piece of text that must be allowed next (a whole token of it) and one that must not. */
    private record State(String label, JsonNode schema, String prefix, String allowed, String refused) {
    }

    private static final State[] STATES = {
        new State("document start", null, "", "{", "]"),
        new State("object, before key", null, "{", "\"", "1"),
        new State("free key (string fast path)", null, "{\"ab", "c", "\n"),
        new State("value start (any)", null, "{\"a\": ", "true", "}"),
        new State("string value (fast path)", null, "{\"a\": \"hello wor", "ld", "\n"),
        new State("number", null, "{\"a\": 12", "3", "a"),
        new State("after value", null, "{\"a\": [true", ",", ":"),
        new State("schema: declared key", SCHEMA, "{\"na", "me", "x"),
        new State("schema: enum value", SCHEMA, "{\"role\": \"adm", "in", "user"),
        new State("schema: integer", SCHEMA, "{\"name\": \"x\", \"age\": 4", "2", "."),
    };

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-v3", "deepseek-r1-qwen"})
    void theMaskIsTheSetOfTokensTheConstraintAllows(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        TokenVocabulary v = TokenVocabulary.of(tokenizer);
        long[] fast = new long[TokenVocabulary.words(v.size())];
        long[] full = new long[fast.length];
        for (State state : STATES) {
            JsonConstraint c = JsonConstraint.forSchema(state.schema(), v);
            for (int token : tokenizer.encode(state.prefix(), false, false)) {
                c.accept(token);
            }
            c.mask(fast, true);
            c.mask(full, false);
            assertArrayEquals(full, fast, state.label() + ": fast path");
            BitSet mask = BitSet.valueOf(fast);
            int disagreements = 0;
            for (int id = 0; id < v.size(); id++) {
                if (mask.get(id) != c.allows(id)) {
                    disagreements++;
                }
            }
            assertEquals(0, disagreements, state.label() + ": tokens where mask and allows() disagree");
            assertTrue(mask.get(single(tokenizer, state.allowed())), state.label() + ": " + state.allowed());
            assertTrue(!mask.get(single(tokenizer, state.refused())), state.label() + ": " + state.refused());
        }
    }

    /** The one token {@code text} encodes to. */
    private static int single(Tokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text, false, false);
        assertEquals(1, ids.length, "'" + text + "' is one token");
        return ids[0];
    }
}
