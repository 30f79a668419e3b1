package io.jseek.api.json;

import static io.jseek.api.json.JsonTestSupport.json;
import static io.jseek.api.json.JsonTestSupport.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.tokenizer.Tokenizer;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prints the cost of one mask on the real vocabularies in typical states (no timing assertions: CI machines are
 * noisy). Each state is also computed without the string fast path, which must give the identical mask.
 */
class MaskCostTest {
    private static final JsonNode SCHEMA = json("""
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
              "role":{"enum":["administrator","user","guest"]}},"required":["name"],"additionalProperties":false}""");
    private static final long BUDGET_NANOS = 100_000_000L;

    private record State(String label, JsonNode schema, String prefix) {
    }

    private static final State[] STATES = {
        new State("document start", null, ""),
        new State("object, before key", null, "{"),
        new State("free key (string fast path)", null, "{\"ab"),
        new State("value start (any)", null, "{\"a\": "),
        new State("string value (fast path)", null, "{\"a\": \"hello wor"),
        new State("number", null, "{\"a\": 12"),
        new State("after value", null, "{\"a\": [true"),
        new State("schema: declared key", SCHEMA, "{\"na"),
        new State("schema: enum value", SCHEMA, "{\"role\": \"adm"),
        new State("schema: integer", SCHEMA, "{\"name\": \"x\", \"age\": 4"),
    };

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-v3", "deepseek-r1-qwen"})
    void printMaskCost(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        long buildStart = System.nanoTime();
        TokenVocabulary v = TokenVocabulary.of(tokenizer);
        long buildNanos = System.nanoTime() - buildStart;
        System.out.printf(Locale.ROOT, "%s: %s, index %.0f ms (or cached)%n", vocab, v, buildNanos / 1e6);
        long[] fast = new long[TokenVocabulary.words(v.size())];
        long[] full = new long[fast.length];
        for (State state : STATES) {
            JsonConstraint c = JsonConstraint.forSchema(state.schema(), v);
            for (int token : tokenizer.encode(state.prefix(), false, false)) {
                c.accept(token);
            }
            c.mask(fast, true);
            c.mask(full, false);
            assertArrayEquals(full, fast, state.label());
            int allowed = java.util.BitSet.valueOf(fast).cardinality();
            assertTrue(allowed > 0, state.label());
            System.out.printf(Locale.ROOT, "  %-30s %7d allowed  mask %8.1f us  (full walk %8.1f us)%n",
                    state.label(), allowed, micros(c, fast, true), micros(c, full, false));
        }
    }

    /** Mean microseconds per mask after a short warm-up, within a fixed time budget. */
    private static double micros(JsonConstraint c, long[] words, boolean fastPath) {
        long warm = System.nanoTime();
        for (int i = 0; i < 300 && System.nanoTime() - warm < BUDGET_NANOS; i++) {
            c.mask(words, fastPath);
        }
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < BUDGET_NANOS && runs < 2000) {
            c.mask(words, fastPath);
            runs++;
        }
        return (System.nanoTime() - start) / 1e3 / runs;
    }
}
