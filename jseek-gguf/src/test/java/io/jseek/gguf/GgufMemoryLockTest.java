package io.jseek.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GgufFile#lockInMemory}: the kernel's locked-memory count ({@code VmLck}) grows by the file, data intact. */
class GgufMemoryLockTest {
    private static final Path STATUS = Path.of("/proc/self/status");

    @TempDir
    Path dir;

    @Test
    void lockingCountsTheMappedFileAsLockedMemory() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "needs Linux /proc");
        float[] a = new float[64 * 1024];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        Path file = dir.resolve("m.gguf");
        new GgufWriter().putString("general.architecture", "llama").addTensor("a", new long[] {a.length}, a)
                .write(file);
        try (GgufFile g = GgufFile.open(file)) {
            long before = lockedKb();
            g.lockInMemory();
            long after = lockedKb();
            assertTrue(after - before >= Files.size(file) / 1024 - 4,
                    "VmLck " + before + " kB -> " + after + " kB for a " + Files.size(file) + "-byte file");
            assertArrayEquals(a, g.tensor("a").data().toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    private static long lockedKb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmLck:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmLck in " + STATUS);
    }
}
