package io.jseek.server.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.engine.CacheTier;
import io.jseek.engine.DecodeStep;
import io.jseek.engine.Engine;
import io.jseek.engine.EngineConfig;
import io.jseek.engine.EngineEvent;
import io.jseek.engine.KvLayout;
import io.jseek.engine.LogitsProcessor;
import io.jseek.engine.ModelRunner;
import io.jseek.engine.PrefillChunk;
import io.jseek.engine.Request;
import io.jseek.engine.StepPlan;
import io.jseek.gguf.GgufFile;
import io.jseek.model.SamplerParams;
import io.jseek.server.Json;
import io.jseek.text.json.JsonConstraint;
import io.jseek.text.json.JsonLogitsProcessor;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.json.TokenVocabulary;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JSON mode inside the engine loop on DeepSeek-V3's 129k-token vocabulary: a model-free runner hands out random
 * logits, and a schema keeps the document going through keys, strings, numbers and literals for the whole token
 * budget. Every token the engine emits must be one the schema allows at that point (checked by a second constraint
 * of the same schema, fed the same tokens), and for a greedy request, which checks the raw argmax first and masks
 * only when it is refused, the emitted token must be the best allowed one: the shortcut never changes the result.
 * What the mask costs per token is measured by {@code JsonMaskBenchmark} in jseek-bench.
 */
@Timeout(300)
class JsonEngineLoopTest {
    private static final int TOKENS = 400;
    /** Long enough to outlast the token budget, and it walks keys, strings, numbers and literals. */
    private static final String ROWS = "{\"type\":\"array\",\"minItems\":200,\"items\":{\"type\":\"object\","
            + "\"properties\":{\"name\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"},"
            + "\"ok\":{\"type\":\"boolean\"}},\"required\":[\"name\",\"n\",\"ok\"]}}";

    /** Random logits for every sampling sequence; the engine may overwrite them, so they are refilled each step. */
    private record RandomRunner(int vocab, SplittableRandom random, Map<Long, float[]> buffers) implements ModelRunner {
        @Override
        public int vocabSize() {
            return vocab;
        }

        @Override
        public Map<Long, float[]> execute(StepPlan plan) {
            Map<Long, float[]> out = new HashMap<>();
            for (PrefillChunk c : plan.prefills()) {
                if (c.samples()) {
                    out.put(c.sequenceId(), fill(c.sequenceId()));
                }
            }
            for (DecodeStep d : plan.decodes()) {
                out.put(d.sequenceId(), fill(d.sequenceId()));
            }
            return out;
        }

        private float[] fill(long id) {
            float[] l = buffers.computeIfAbsent(id, k -> new float[vocab]);
            for (int i = 0; i < vocab; i++) {
                l[i] = (float) random.nextGaussian() * 2f;
            }
            return l;
        }
    }

    /**
     * Wraps the request's processor: keeps the logits it was given, and checks each accepted token against a
     * reference constraint (allowed; for greedy, the best allowed one) before passing it on.
     */
    private static final class Checked implements LogitsProcessor {
        final LogitsProcessor inner;
        final JsonConstraint reference;
        final boolean greedy;
        float[] raw = new float[0];
        int accepted;

        Checked(LogitsProcessor inner, JsonConstraint reference, boolean greedy) {
            this.inner = inner;
            this.reference = reference;
            this.greedy = greedy;
        }

        @Override
        public void process(float[] logits, int offset, int vocab) {
            raw = Arrays.copyOfRange(logits, offset, offset + vocab);
            inner.process(logits, offset, vocab);
        }

        @Override
        public void accept(int token) {
            assertTrue(reference.allows(token), "token " + accepted + " (" + token + ") is not allowed");
            if (greedy) {
                BitSet allowed = reference.mask();
                int best = allowed.nextSetBit(0);
                for (int id = allowed.nextSetBit(0); id >= 0 && id < raw.length; id = allowed.nextSetBit(id + 1)) {
                    if (raw[id] > raw[best]) {
                        best = id;
                    }
                }
                assertEquals(best, token, "greedy token " + accepted + " is not the best allowed one");
            }
            reference.accept(token);
            inner.accept(token);
            accepted++;
        }
    }

    @Test
    void everyEmittedTokenIsAllowedAndGreedyPicksTheBestAllowed() throws Exception {
        Tokenizer tokenizer;
        try (GgufFile v = GgufFile.open(ScriptedModel.TESTDATA.resolve("tokenizer/ggml-vocab-deepseek-v3.gguf"))) {
            tokenizer = Tokenizers.fromGguf(v);
        }
        int[] endIds = tokenizer.endOfGenerationIds();
        Set<Integer> ends = Arrays.stream(endIds).boxed().collect(Collectors.toSet());
        JsonNode schema = Json.MAPPER.readTree(ROWS);
        ResponseFormat format = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "rows", schema, false);
        for (SamplerParams p : new SamplerParams[] {SamplerParams.defaults(7).withTemperature(1f),
            SamplerParams.greedy()}) {
            Checked checked = new Checked(JsonLogitsProcessor.forFormat(format, tokenizer, endIds, p, () -> false),
                    JsonConstraint.forSchema(schema, TokenVocabulary.of(tokenizer)), p.temperature() <= 0f);
            int generated = generate(tokenizer.vocabularySize(), ends, p, checked);
            assertEquals(TOKENS, generated, "the document outlasts the budget");
            assertEquals(TOKENS, checked.accepted);
        }
    }

    private static int generate(int vocab, Set<Integer> ends, SamplerParams p, LogitsProcessor processor)
            throws Exception {
        RandomRunner runner = new RandomRunner(vocab, new SplittableRandom(11), new HashMap<>());
        Engine engine = new Engine(new EngineConfig(1, 1, 64, 2048), runner, new KvLayout(16, 160, new int[] {1}),
                CacheTier.NONE);
        int[] count = new int[1];
        engine.submit(new Request(new int[] {1, 2, 3}, TOKENS, p, ends).withLogitsProcessor(processor), e -> {
            if (e instanceof EngineEvent.Token) {
                count[0]++;
            }
        });
        while (engine.runStep()) {
            // steps until the request ends
        }
        engine.close();
        return count[0];
    }
}
