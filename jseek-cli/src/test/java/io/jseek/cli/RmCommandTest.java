package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RmCommandTest {
    @TempDir
    Path home;

    @Test
    void removesAllPartsByShortNameOrFullName() throws Exception {
        Path r1 = home.resolve("models/unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF")
                .resolve("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf");
        Path big = home.resolve("models/o/Big-GGUF");
        ListCommandTest.put(r1, 1);
        ListCommandTest.put(big.resolve("Big-Q2_K-00001-of-00002.gguf"), 1);
        ListCommandTest.put(big.resolve("Big-Q2_K-00002-of-00002.gguf.part"), 1);
        RunCli r = RunCli.exec("rm", "deepseek-r1:1.5b", "o/Big-GGUF:q2_k", "--home", home.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("deleted unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M (1 B, 1 file)\n"
                + "deleted o/Big-GGUF:Q2_K (2 B, 2 files)\n", r.out());
        assertFalse(Files.exists(home.resolve("models/o")));
        assertFalse(Files.exists(home.resolve("models/unsloth")));
    }

    @Test
    void checksEveryNameBeforeDeletingAnything() throws Exception {
        Path dir = home.resolve("models/o/r");
        ListCommandTest.put(dir.resolve("m-Q4_K_M.gguf"), 1);
        ListCommandTest.put(dir.resolve("m-Q8_0.gguf"), 1);
        RunCli missing = RunCli.exec("rm", "o/r:Q4_K_M", "deepseek-r1:7b", "--home", home.toString());
        assertEquals(1, missing.exit());
        assertEquals("jseek: not pulled: deepseek-r1:7b (see jseek list)\n", missing.err());
        assertTrue(Files.exists(dir.resolve("m-Q4_K_M.gguf")));
        RunCli ambiguous = RunCli.exec("rm", "o/r", "--home", home.toString());
        assertEquals("jseek: several quants of o/r are pulled, name one: o/r:Q4_K_M, o/r:Q8_0\n", ambiguous.err());
    }
}
