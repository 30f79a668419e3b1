package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same output: greedy tokens and logprobs are bit-identical across fresh JVMs, for qwen2, llama and both
 * deepseek2 styles, alone and through the engine ({@link GreedyProbe}), with the Java kernels and with the default
 * choice (native int8 kernels where they load).
 *
 * <p>Why fresh JVMs with different JIT flags: the bug this guards against (issue 15) was a kernel reduction whose
 * float order differed between the interpreter and C2, so results depended on when C2 compiled the kernel. Plain
 * repeated JVMs caught it about one run in four; a JVM without tiered compilation (C2 arrives later) and one that
 * compiles synchronously (C2 arrives at a fixed point) move that moment far apart, and caught it every time.
 */
@Timeout(600)
class FreshJvmReproducibilityTest {
    private static final List<List<String>> JIT_FLAGS = List.of(List.of(), List.of(),
            List.of("-XX:-TieredCompilation"), List.of("-XX:-BackgroundCompilation"));
    /** The Java Vector API kernels (where issue 15 was) and the default choice (native int8 where it loads). */
    private static final List<String> KERNELS = List.of("java", "auto");

    @TempDir
    Path dir;

    @Test
    void greedyTokensAndLogprobsAreBitIdenticalInFreshJvms() throws Exception {
        List<Path> models = GreedyRuns.writeModels(dir, 27);
        for (String kernels : KERNELS) {
            String first = null;
            for (List<String> jit : JIT_FLAGS) {
                List<String> flags = new ArrayList<>(jit);
                flags.add("-Djseek.kernels=" + kernels);
                String out = probe(flags, models);
                assertEquals(2 * models.size(), out.lines().count(), out);
                if (first == null) {
                    first = out;
                } else {
                    assertEquals(first, out, "a fresh JVM with " + flags + " printed other bits");
                }
            }
        }
    }

    private String probe(List<String> flags, List<Path> models) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC",
                "-Xmx1g", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(flags);
        cmd.addAll(List.of(GreedyProbe.class.getName(), "2"));
        models.forEach(m -> cmd.add(m.toString()));
        Path err = dir.resolve("probe.err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe did not finish");
        assertEquals(0, p.exitValue(), () -> "probe failed: " + readQuietly(err));
        return out;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
