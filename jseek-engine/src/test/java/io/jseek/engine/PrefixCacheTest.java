package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefixCacheTest {
    private static final int BS = 16;

    private final TestEngines t = new TestEngines(new EngineConfig(4, 16, 64, 1024), BS, 64);

    private Usage run(int[] prompt) throws RequestRejectedException {
        RecordingSink sink = t.submit(prompt, 5);
        t.drain();
        assertEquals(t.expected(prompt, 5), sink.tokens, "completion");
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
        return sink.finished.usage();
    }

    @Test
    void anIdenticalPromptHitsAllItsFullBlocks() throws RequestRejectedException {
        int[] prompt = TestEngines.prompt(1, 3 * BS + 5);
        Usage first = run(prompt);
        assertEquals(new Usage(prompt.length, 0, prompt.length, first.completionTokens()), first);
        Usage second = run(prompt);
        assertEquals(3 * BS, second.cacheHitTokens());
        assertEquals(5, second.cacheMissTokens());
        EngineMetrics m = t.engine.metrics();
        assertEquals(2L * prompt.length, m.prefixQueryTokens());
        assertEquals(3L * BS, m.prefixHitTokens());
        assertEquals(2L * prompt.length - 3 * BS, m.prefillTokens());
    }

    @Test
    void aPromptThatDiffersInItsSecondBlockHitsOnlyTheFirst() throws RequestRejectedException {
        int[] prompt = TestEngines.prompt(2, 3 * BS + 5);
        run(prompt);
        int[] other = prompt.clone();
        other[BS + 3] = other[BS + 3] % (TestEngines.VOCAB - 1) + 1;
        assertEquals(BS, run(other).cacheHitTokens());
    }

    @Test
    void theLastTokenIsAlwaysComputed() throws RequestRejectedException {
        int[] prompt = TestEngines.prompt(3, 2 * BS);
        run(prompt);
        assertEquals(BS, run(prompt).cacheHitTokens(), "the block holding the last token is recomputed");
    }

    @Test
    void generatedTokensExtendTheCacheForTheNextTurn() throws RequestRejectedException {
        int[] prompt = TestEngines.prompt(4, BS + 10);
        RecordingSink sink = t.submit(prompt, 3 * BS);
        t.drain();
        int[] nextTurn = new int[prompt.length + sink.tokens.size() + 1];
        System.arraycopy(prompt, 0, nextTurn, 0, prompt.length);
        for (int i = 0; i < sink.tokens.size(); i++) {
            nextTurn[prompt.length + i] = sink.tokens.get(i);
        }
        nextTurn[nextTurn.length - 1] = 7;
        int all = prompt.length + sink.tokens.size();
        // A stop token is sampled after feeding the last emitted token; a length stop never feeds it.
        int computed = sink.finished.reason() == FinishReason.STOP ? all : all - 1;
        int fullBlocksComputed = computed / BS;
        assertEquals(fullBlocksComputed * BS, run(nextTurn).cacheHitTokens());
    }

    @Test
    void concurrentIdenticalPromptsShareBlocks() throws RequestRejectedException {
        int[] prompt = TestEngines.prompt(5, 4 * BS + 1);
        run(prompt);
        RecordingSink a = t.submit(prompt, 4);
        RecordingSink b = t.submit(prompt, 4);
        t.engine.runStep();
        BlockManager blocks = t.engine.scheduler().blocks();
        Sequence sa = t.engine.scheduler().running().get(0);
        Sequence sb = t.engine.scheduler().running().get(1);
        for (int i = 0; i < 4; i++) {
            assertEquals(sa.block(i), sb.block(i));
            assertEquals(2, blocks.refCount(sa.block(i)));
        }
        t.drain();
        assertEquals(a.tokens, b.tokens);
        assertEquals(4 * BS, b.finished.usage().cacheHitTokens());
    }
}
