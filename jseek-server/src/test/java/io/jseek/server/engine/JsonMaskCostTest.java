package io.jseek.server.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.api.ResponseFormat;
import io.jseek.api.json.TokenVocabulary;
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
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prints what JSON mode costs per token inside the engine loop on DeepSeek-V3's 129k-token vocabulary: a model-free
 * runner hands out random logits, a schema keeps the document going through keys, strings, numbers and literals
 * for the whole token budget, and a timing wrapper measures the processor's {@code process} and {@code accept}
 * (the mask, or the greedy shortcut's single check) for sampled and greedy requests. No timing assertions: CI
 * machines are noisy.
 */
@Timeout(300)
class JsonMaskCostTest {
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

    /** Accumulates the nanoseconds the wrapped processor spends per token. */
    private static final class Timed implements LogitsProcessor {
        final LogitsProcessor inner;
        final long[] nanos = new long[TOKENS + 1];
        int n;
        long start;

        Timed(LogitsProcessor inner) {
            this.inner = inner;
        }

        @Override
        public void process(float[] logits, int offset, int vocab) {
            start = System.nanoTime();
            inner.process(logits, offset, vocab);
            nanos[n] = System.nanoTime() - start;
        }

        @Override
        public void accept(int token) {
            long t = System.nanoTime();
            inner.accept(token);
            nanos[n++] += System.nanoTime() - t;
        }
    }

    @Test
    void printPerTokenCostOfTheJsonMaskInTheEngineLoop() throws Exception {
        Tokenizer tokenizer;
        try (GgufFile v = GgufFile.open(ScriptedModel.TESTDATA.resolve("tokenizer/ggml-vocab-deepseek-v3.gguf"))) {
            tokenizer = Tokenizers.fromGguf(v);
        }
        long build = System.nanoTime();
        TokenVocabulary.of(tokenizer);
        System.out.printf(Locale.ROOT, "JSON mask cost, %d-token vocabulary (index built in %.0f ms):%n",
                tokenizer.vocabularySize(), (System.nanoTime() - build) / 1e6);
        Set<Integer> ends = PromptEncoder.endOfGeneration(tokenizer);
        JsonMode mode = new JsonMode(tokenizer, ends);
        ResponseFormat format = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "rows", Json.MAPPER.readTree(ROWS),
                false);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (SamplerParams p : new SamplerParams[] {SamplerParams.defaults(7).withTemperature(1f),
                SamplerParams.greedy()}) {
                Timed timed = new Timed(mode.processor(format, p, () -> false));
                int generated = generate(tokenizer.vocabularySize(), ends, p, timed);
                if (round == 1) {
                    print(p.temperature() > 0 ? "sampled (mask every token)" : "greedy (argmax check first)", timed,
                            generated);
                }
                assertTrue(generated > 0);
            }
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

    private static void print(String label, Timed t, int generated) {
        long[] sorted = Arrays.copyOf(t.nanos, t.n);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        System.out.printf(Locale.ROOT, "  %-30s %4d tokens: mean %7.1f us, p50 %7.1f us, p90 %7.1f us, max %8.1f us%n",
                label, generated, mean, sorted[sorted.length / 2] / 1e3, sorted[sorted.length * 9 / 10] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }
}
