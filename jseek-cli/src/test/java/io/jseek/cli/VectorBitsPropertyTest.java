package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code -Djseek.vector.bits=64} is read once, when the kernels' class initialises; the CLI turns the failed
 * initialisation into one line. In a separate JVM, since a class that failed to initialise stays broken.
 */
class VectorBitsPropertyTest {
    @Test
    void anUnsupportedWidthIsOneLine() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Djseek.vector.bits=64", "-cp",
                System.getProperty("java.class.path"), JseekCli.class.getName(), "run", "--model",
                RunTestModel.file().toString(), "--threads", "1", "--prompt", "Hi", "--max-tokens", "1"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(1, p.exitValue(), out);
        String lines = out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals("jseek: jseek.vector.bits must be 0, 128, 256 or 512, got 64\n", lines);
    }
}
