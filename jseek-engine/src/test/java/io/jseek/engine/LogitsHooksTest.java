package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.SamplerParams;
import io.jseek.model.TokenLogprob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-request sampling hooks: a {@link LogitsProcessor} steers and observes sampling, and logprobs report the
 * raw distribution. The fake runner's logits are one-hot (1 at the scripted token, 0 elsewhere), so every raw
 * logprob is known in closed form.
 */
class LogitsHooksTest {
    private static final int V = TestEngines.VOCAB;
    /** log(e + V - 1): the normaliser of one-hot logits. */
    private static final double LOG_Z = Math.log(Math.E + V - 1);

    /** Forces a fixed token sequence, then the stop token; records what it was shown and told. */
    private static final class Forcing implements LogitsProcessor {
        final int[] plan;
        final List<Integer> accepted = new ArrayList<>();
        final List<Integer> scriptedSeen = new ArrayList<>();
        int calls;

        Forcing(int... plan) {
            this.plan = plan;
        }

        @Override
        public void process(float[] logits, int offset, int vocab) {
            assertEquals(0, offset);
            assertEquals(V, vocab);
            scriptedSeen.add(argmax(logits));
            int keep = calls < plan.length ? plan[calls] : TestEngines.STOP_TOKEN;
            for (int i = 0; i < vocab; i++) {
                if (i != keep) {
                    logits[offset + i] = Float.NEGATIVE_INFINITY;
                }
            }
            calls++;
        }

        @Override
        public void accept(int token) {
            accepted.add(token);
        }
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            best = logits[i] > logits[best] ? i : best;
        }
        return best;
    }

    private static TestEngines engine() {
        return new TestEngines(new EngineConfig(4, 8, 64, 512), 4, 64);
    }

    @Test
    void processorSteersSamplingAndHearsEveryToken() throws Exception {
        TestEngines t = engine();
        int[] prompt = TestEngines.prompt(3, 9);
        Forcing forcing = new Forcing(5, 6, 7);
        RecordingSink sink = new RecordingSink();
        t.engine.submit(TestEngines.request(prompt, 20).withLogitsProcessor(forcing), sink);
        t.drain();
        assertEquals(List.of(5, 6, 7), sink.tokens);
        assertEquals(FinishReason.STOP, sink.finished.reason());
        assertEquals(List.of(5, 6, 7, TestEngines.STOP_TOKEN), forcing.accepted, "accept hears the stop token too");
        int[] history = Arrays.copyOf(prompt, prompt.length + 3);
        for (int i = 0; i < 4; i++) {
            assertEquals(FakeModelRunner.script(history, prompt.length + i, V), forcing.scriptedSeen.get(i),
                    "the processor sees the model's logits at step " + i);
            if (i < 3) {
                history[prompt.length + i] = forcing.plan[i];
            }
        }
    }

    @Test
    void failingProcessorEndsOnlyItsRequest() throws Exception {
        TestEngines t = engine();
        LogitsProcessor failing = new LogitsProcessor() {
            int calls;

            @Override
            public void process(float[] logits, int offset, int vocab) {
                if (++calls == 3) {
                    throw new IllegalStateException("boom");
                }
            }

            @Override
            public void accept(int token) {
            }
        };
        int[] p1 = TestEngines.prompt(4, 7);
        int[] p2 = TestEngines.prompt(5, 7);
        RecordingSink bad = new RecordingSink();
        t.engine.submit(TestEngines.request(p1, 10).withLogitsProcessor(failing), bad);
        RecordingSink good = t.submit(p2, 10);
        t.drain();
        assertEquals(FinishReason.ERROR, bad.finished.reason());
        assertTrue(bad.finished.error().contains("boom"), bad.finished.error());
        assertEquals(t.expected(p1, 10).subList(0, 2), bad.tokens);
        assertEquals(t.expected(p2, 10), good.tokens);
        assertEquals(0.0, t.engine.metrics().kvUsage());
    }

    @Test
    void logprobsAreOfTheRawDistributionSortedAndTopK() throws Exception {
        TestEngines t = engine();
        int[] prompt = TestEngines.prompt(6, 8);
        RecordingSink sink = new RecordingSink();
        t.engine.submit(TestEngines.request(prompt, 6).withLogprobs(3), sink);
        t.drain();
        assertEquals(t.expected(prompt, 6), sink.tokens);
        for (EngineEvent.Token e : sink.tokenEvents) {
            assertTrue(e.hasLogprob());
            assertEquals(1 - LOG_Z, e.logprob(), 1e-5);
            List<TokenLogprob> top = e.topLogprobs();
            assertEquals(3, top.size());
            assertEquals(e.token(), top.getFirst().token());
            assertEquals(e.logprob(), top.getFirst().logprob(), 1e-6);
            for (int i = 1; i < top.size(); i++) {
                assertTrue(top.get(i).logprob() <= top.get(i - 1).logprob());
                assertEquals(-LOG_Z, top.get(i).logprob(), 1e-5);
            }
        }
    }

    @Test
    void logprobsIgnoreTheProcessorsEdits() throws Exception {
        TestEngines t = engine();
        Forcing forcing = new Forcing(9, 10);
        RecordingSink sink = new RecordingSink();
        t.engine.submit(TestEngines.request(TestEngines.prompt(7, 5), 5).withLogitsProcessor(forcing)
                .withLogprobs(2), sink);
        t.drain();
        assertEquals(List.of(9, 10), sink.tokens);
        for (int i = 0; i < 2; i++) {
            EngineEvent.Token e = sink.tokenEvents.get(i);
            int scripted = forcing.scriptedSeen.get(i);
            boolean forcedIsScripted = scripted == e.token();
            assertEquals(forcedIsScripted ? 1 - LOG_Z : -LOG_Z, e.logprob(), 1e-5, "raw, not after the mask");
            assertEquals(scripted, e.topLogprobs().getFirst().token(), "the model's favourite, though masked");
        }
    }

    @Test
    void sampledLogprobAloneAndNoLogprobsByDefault() throws Exception {
        TestEngines t = engine();
        Request base = TestEngines.request(TestEngines.prompt(8, 6), 4);
        RecordingSink plain = new RecordingSink();
        t.engine.submit(base, plain);
        RecordingSink sampledOnly = new RecordingSink();
        t.engine.submit(new Request(base.prompt(), 4, SamplerParams.greedy(), Set.of(TestEngines.STOP_TOKEN), null,
                true, 0), sampledOnly);
        t.drain();
        assertFalse(plain.tokenEvents.getFirst().hasLogprob());
        assertTrue(plain.tokenEvents.getFirst().topLogprobs().isEmpty());
        assertEquals(1 - LOG_Z, sampledOnly.tokenEvents.getFirst().logprob(), 1e-5);
        assertTrue(sampledOnly.tokenEvents.getFirst().topLogprobs().isEmpty());
        assertNotEquals(base, base.withLogprobs(1));
        assertThrows(IllegalArgumentException.class, () -> base.withLogprobs(Request.MAX_TOP_LOGPROBS + 1));
    }
}
