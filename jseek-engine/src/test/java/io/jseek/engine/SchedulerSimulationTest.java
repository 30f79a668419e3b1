package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Many sequences of random lengths through a small block pool, driven step by step with the scripted runner. */
class SchedulerSimulationTest {
    private static final int BUDGET = 24;

    @Test
    void everythingCompletesWithTheScriptedOutputUnderASmallPool() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(8, 100, BUDGET, 200), 4, 40);
        Random random = new Random(42);
        List<int[]> prompts = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        List<RecordingSink> sinks = new ArrayList<>();
        int steps = 0;
        while (sinks.size() < 60 || t.engine.scheduler().hasWork()) {
            if (sinks.size() < 60 && random.nextInt(3) == 0) {
                int[] prompt = random.nextInt(4) == 0 && !prompts.isEmpty()
                        ? prompts.get(random.nextInt(prompts.size()))
                        : TestEngines.prompt(random.nextLong(), 1 + random.nextInt(100));
                int limit = 1 + random.nextInt(40);
                prompts.add(prompt);
                limits.add(limit);
                sinks.add(t.submit(prompt, limit));
            }
            stepAndCheck(t);
            assertTrue(++steps < 20_000, "the simulation settles");
        }
        for (int i = 0; i < sinks.size(); i++) {
            RecordingSink sink = sinks.get(i);
            assertNotNull(sink.finished, "request " + i + " finished");
            int limit = Math.min(limits.get(i), t.engine.contextLimit() - prompts.get(i).length);
            assertEquals(t.expected(prompts.get(i), limit), sink.tokens, "request " + i);
            assertEquals(sink.tokens.size(), sink.finished.usage().completionTokens());
            assertEquals(0, sink.eventsAfterFinish);
        }
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
        assertEquals(0, t.engine.scheduler().blocks().usedBlocks(), "all blocks returned");
        assertTrue(t.engine.metrics().preemptions() > 0, "the pool was small enough to force preemption");
        assertTrue(t.engine.metrics().prefixHitTokens() > 0, "repeated prompts hit the prefix cache");
        t.engine.scheduler().blocks().checkInvariants();
    }

    /** Runs one step and checks the budget and that no decoding sequence was skipped. */
    private static void stepAndCheck(TestEngines t) {
        Set<Long> decoding = new HashSet<>();
        for (Sequence s : t.engine.scheduler().running()) {
            if (s.state() == SequenceState.DECODING) {
                decoding.add(s.id());
            }
        }
        int before = t.runner.plans().size();
        t.engine.runStep();
        if (t.runner.plans().size() == before) {
            return;
        }
        StepPlan plan = t.runner.plans().getLast();
        assertTrue(plan.totalTokens() <= BUDGET, "step of " + plan.totalTokens() + " tokens");
        Set<Long> served = new HashSet<>(plan.preempted());
        plan.decodes().forEach(d -> served.add(d.sequenceId()));
        assertTrue(served.containsAll(decoding), "every decoding sequence decodes or is preempted");
        t.engine.scheduler().blocks().checkInvariants();
    }

    @Test
    void aLongPromptIsPrefilledInChunksWhileOthersKeepDecoding() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(4, 10, 16, 1000), 4, 200);
        List<RecordingSink> shorts = new ArrayList<>();
        for (long seed = 100; shorts.size() < 3; seed++) {
            int[] prompt = TestEngines.prompt(seed, 3);
            if (t.expected(prompt, 40).size() == 40) { // streams that do not stop while the long prompt prefills
                shorts.add(t.submit(prompt, 40));
            }
        }
        t.engine.runStep();
        int[] longPrompt = TestEngines.prompt(7, 300);
        RecordingSink longSink = t.submit(longPrompt, 2);
        int chunks = 0;
        while (longSink.tokens.isEmpty() && longSink.finished == null) {
            t.engine.runStep();
            StepPlan plan = t.runner.plans().getLast();
            assertEquals(3, plan.decodes().size(), "the three streams decode at every step");
            assertEquals(1, plan.prefills().size());
            assertTrue(plan.prefills().getFirst().tokens().length <= 16 - 3);
            chunks++;
        }
        assertEquals((300 + 12) / 13, chunks);
        for (RecordingSink s : shorts) {
            assertEquals(1 + chunks, s.tokens.size());
        }
        t.engine.close();
        assertEquals(FinishReason.CANCELLED, longSink.finished.reason());
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
    }

    @Test
    void theHeadOfTheQueueIsNeverOvertaken() {
        BlockManager blocks = new BlockManager(4, 4, CacheTier.NONE);
        Scheduler scheduler = new Scheduler(blocks, 4, 10, 64);
        Sequence big = new Sequence(1, TestEngines.prompt(1, 12), 5);
        Sequence huge = new Sequence(2, TestEngines.prompt(2, 16), 5);
        Sequence small = new Sequence(3, TestEngines.prompt(3, 2), 5);
        scheduler.add(big);
        scheduler.add(huge);
        scheduler.add(small);
        StepPlan plan = scheduler.schedule();
        assertEquals(List.of(1L), plan.prefills().stream().map(PrefillChunk::sequenceId).toList());
        assertEquals(List.of(huge, small), scheduler.waiting());
    }
}
