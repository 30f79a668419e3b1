package io.jseek.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The C kernels under AddressSanitizer and UndefinedBehaviorSanitizer: src/test/c/sanitize_kernels.c is compiled
 * with the kernels and run in a child process (a sanitizer inside the JVM would need its runtime preloaded). It
 * calls every type, instruction set and blocking path on buffers of exactly the sizes NativeKernels' checks allow, so
 * a read or write past them fails here, and compares the instruction sets' bits. Skipped only where the build had no
 * C compiler or the CPU no AVX2 (then no native code runs at all).
 */
class NativeKernelsSanitizerTest {
    @Test
    void kernelsStayInsideTheirBuffersUnderAsanAndUbsan() throws IOException, InterruptedException {
        assumeTrue(NativeKernels.available(), NativeKernels.status());
        Path base = Path.of(System.getProperty("user.dir"));
        Path src = base.resolve("src/main/c");
        Path exe = base.resolve("target/sanitize-kernels");
        String cc = System.getenv().getOrDefault("CC", "cc");
        List<String> compile = List.of(cc, "-O1", "-g", "-std=c11", "-fsanitize=address,undefined",
                "-fno-sanitize-recover=all", "-ffp-contract=off", "-I" + src, "-o", exe.toString(),
                base.resolve("src/test/c/sanitize_kernels.c").toString(), src.resolve("kernels.c").toString(), "-lm");
        Result built = run(compile);
        assertEquals(0, built.code, "compiling with sanitizers failed:\n" + built.output);
        Result ran = run(List.of(exe.toString()));
        assertEquals(0, ran.code, ran.output);
        assertTrue(ran.output.startsWith("ok "), ran.output);
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
