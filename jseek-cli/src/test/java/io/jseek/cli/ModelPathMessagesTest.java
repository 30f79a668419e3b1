package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code --model} path that is wrong says what is wrong with it, not "unknown model" or an OS error. */
class ModelPathMessagesTest {
    @TempDir
    Path dir;

    private RunCli run(String... args) {
        return RunCli.run("Hi", args);
    }

    private static void assertOneLine(RunCli r, String expected) {
        assertEquals(1, r.exit(), r.err());
        assertEquals("jseek: " + expected, r.err().strip());
    }

    @Test
    void aMissingGgufFileIsNoSuchFile() {
        String missing = dir.resolve("x.gguf").toString();
        RunCli r = run("run", "--model", missing, "--prompt", "Hi");
        assertOneLine(r, missing + ": no such GGUF file");
        assertFalse(r.err().contains("unknown model"), r.err());
        assertOneLine(run("info", "--model", missing), missing + ": no such GGUF file");
    }

    @Test
    void aFolderIsNamedAsOne() {
        String folder = dir.toString();
        assertOneLine(run("run", "--model", folder, "--prompt", "Hi"), folder + " is a folder, not a GGUF file");
        assertOneLine(run("info", "--model", folder), folder + " is a folder, not a GGUF file");
        RunCli t = run("tokenize", "--model", folder);
        assertOneLine(t, folder + " is a folder, not a GGUF file");
        assertTrue(!t.err().contains("No such device"), t.err());
    }
}
