package io.jseek.text.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.model.Sampler;
import io.jseek.model.SamplerParams;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonLogitsProcessor} on a byte vocabulary (token {@code b} is byte {@code b}, 256 is EOS), with logits
 * drawn at random, so every run is exact: reasoning passes through, the greedy shortcut leaves allowed argmaxes
 * alone, a complete document forces EOS, and a sampling loop always ends in a schema-valid document.
 */
class JsonLogitsProcessorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int EOS = 256;
    private static final int V = 257;
    private static final TokenVocabulary BYTES = byteVocabulary();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
            + "\"role\":{\"enum\":[\"admin\",\"user\",\"guest\"]},\"age\":{\"type\":\"integer\"}},"
            + "\"required\":[\"name\",\"role\",\"age\"],\"additionalProperties\":false}";

    private static TokenVocabulary byteVocabulary() {
        byte[][] pieces = new byte[V][];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        return TokenVocabulary.of(pieces, new int[] {EOS});
    }

    private static JsonLogitsProcessor processor(String schema, boolean[] reasoning, SamplerParams sampling)
            throws Exception {
        JsonNode node = schema == null ? null : MAPPER.readTree(schema);
        return new JsonLogitsProcessor(JsonConstraint.forSchema(node, BYTES), V, new int[] {EOS},
                () -> reasoning[0], sampling);
    }

    private static float[] flat() {
        return new float[V];
    }

    private static int finite(float[] logits) {
        int n = 0;
        for (float l : logits) {
            n += Float.isFinite(l) ? 1 : 0;
        }
        return n;
    }

    @Test
    void reasoningPassesThroughThenTheConstraintStartsFresh() throws Exception {
        boolean[] reasoning = {true};
        JsonLogitsProcessor p = processor(null, reasoning, SamplerParams.defaults(1));
        float[] logits = flat();
        p.process(logits, 0, V);
        assertEquals(V, finite(logits), "untouched while reasoning");
        p.accept('x'); // not JSON, but it is reasoning
        reasoning[0] = false;
        logits = flat();
        p.process(logits, 0, V);
        assertTrue(Float.isFinite(logits['{']));
        assertFalse(Float.isFinite(logits['x']));
        assertFalse(Float.isFinite(logits[EOS]), "no end before the document");
        p.accept('{');
    }

    @Test
    void greedyShortcutSkipsTheMaskWhenTheArgmaxIsAllowed() throws Exception {
        JsonLogitsProcessor p = processor(null, new boolean[1], SamplerParams.greedy());
        float[] logits = flat();
        logits['{'] = 5f;
        p.process(logits, 0, V);
        assertEquals(V, finite(logits), "the argmax { is allowed: no mask computed");
        logits = flat();
        logits['x'] = 5f;
        p.process(logits, 0, V);
        assertFalse(Float.isFinite(logits['x']), "a forbidden argmax falls back to the mask");
        assertTrue(Float.isFinite(logits['{']));
    }

    @Test
    void aCompleteDocumentLeavesOnlyTheEndTokenAndMasksIdsPastTheVocabulary() throws Exception {
        JsonLogitsProcessor p = processor(null, new boolean[1], SamplerParams.defaults(1));
        float[] logits = new float[V + 3];
        p.process(logits, 0, V + 3);
        for (int id = V; id < V + 3; id++) {
            assertFalse(Float.isFinite(logits[id]), "id " + id + " is past the constraint's vocabulary");
        }
        p.accept('{');
        p.accept('}');
        logits = flat();
        p.process(logits, 0, V);
        assertEquals(1, finite(logits));
        assertTrue(Float.isFinite(logits[EOS]));
    }

    @Test
    void samplingLoopsAlwaysEndInASchemaValidDocument() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            SamplerParams params = seed % 2 == 0 ? SamplerParams.greedy() : SamplerParams.defaults(seed);
            String text = run(processor(SCHEMA, new boolean[1], params), new Sampler(params, V), seed);
            JsonNode user = MAPPER.readTree(text);
            assertEquals(Set.of("name", "role", "age"), Set.copyOf(iterableNames(user)), text);
            assertTrue(user.path("name").isTextual() && user.path("age").isIntegralNumber(), text);
            assertTrue(Set.of("admin", "user", "guest").contains(user.path("role").asText()), text);
        }
    }

    /**
     * Decodes with random logits that favour the closing quote (so strings end) until EOS; the offset puts the
     * sequence's logits in the middle of a larger array, as a batched runner may.
     */
    private static String run(JsonLogitsProcessor p, Sampler sampler, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int offset = 7;
        float[] buffer = new float[offset + V];
        float[] logits = new float[V];
        StringBuilder bytes = new StringBuilder();
        for (int step = 0; step < 500; step++) {
            for (int id = 0; id < V; id++) {
                buffer[offset + id] = (float) random.nextDouble(4) + (id == '"' ? 3f : 0f);
            }
            p.process(buffer, offset, V);
            System.arraycopy(buffer, offset, logits, 0, V);
            int token = sampler.sample(logits, new int[0], 0);
            p.accept(token);
            if (token == EOS) {
                return new String(bytes.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            bytes.append((char) token);
        }
        throw new AssertionError("no end after 500 tokens: " + bytes);
    }

    private static java.util.List<String> iterableNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
