package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.KvCacheMemoryException;
import org.junit.jupiter.api.Test;

/** {@code --ctx}: the model's own context works without a whole-context cache; more than it is refused clearly. */
class ContextFlagTest {
    private static RunCli run(String model, String... args) {
        String[] all = new String[args.length + 5];
        System.arraycopy(new String[] {"run", "--model", model, "--threads", "1"}, 0, all, 0, 5);
        System.arraycopy(args, 0, all, 5, args.length);
        return RunCli.run("", all);
    }

    private static void assertOneLine(RunCli r) {
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void theModelsOwnContextRunsWithoutAllocatingItWhole() {
        RunCli r = run(LongContextModel.file().toString(), "--ctx", String.valueOf(LongContextModel.CONTEXT),
                "--prompt", "Hello", "--raw", "--max-tokens", "300", "--temperature", "0", "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"finish_reason\""), r.out());
    }

    @Test
    void aContextAboveTheModelsIsRefusedNamingItsLimit() {
        RunCli r = run(RunTestModel.file().toString(), "--ctx", "513", "--prompt", "Hi");
        assertOneLine(r);
        assertTrue(r.err().contains("513") && r.err().contains("at most 512"), r.err());
    }

    @Test
    void aHugeContextIsRefusedWithoutOverflow() {
        RunCli r = run(RunTestModel.file().toString(), "--ctx", "1000000000", "--prompt", "Hi");
        assertOneLine(r);
        assertFalse(r.err().contains("overflow"), r.err());
        assertTrue(r.err().contains("at most 512"), r.err());
    }

    @Test
    void runningOutOfMemoryForTheCacheNamesTheFlagAndTheHeap() {
        String m = JseekCli.message(new KvCacheMemoryException(131_072, 28 * 512 * 4));
        assertTrue(m.contains("--ctx") && m.contains("JSEEK_JAVA_OPTS=-Xmx"), m);
        assertTrue(m.contains("131072 positions") && m.contains("7168.0 MiB"), m);
    }
}
