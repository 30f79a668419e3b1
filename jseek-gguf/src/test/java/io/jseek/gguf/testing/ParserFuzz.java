package io.jseek.gguf.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Mutated copies of a valid file through a parser: each one either opens and reads, or is rejected with the format's
 * exception, whose message starts with the file's path; never another exception, an Error or a hang. Seeded (a
 * failure names its case and can be replayed) and bounded in cases and time. Shared by the GGUF and safetensors
 * fuzz tests (this module's test jar).
 */
public final class ParserFuzz {
    /** A mutated copy of {@code seed} (which it must not change). */
    @FunctionalInterface
    public interface Mutator {
        byte[] mutate(byte[] seed, SplittableRandom random);
    }

    /** Opens {@code file} and reads every part of it that a caller could reach. */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws Exception;
    }

    private ParserFuzz() {
    }

    /**
     * Runs up to {@code cases} mutations of {@code seed} (random seed {@code randomSeed}) within {@code budget},
     * each written to {@code file} and given to {@code reader}; {@code rejection} is the format's exception, whose
     * message must be one line where {@code oneLine}. At least 1000 cases must run, and some must open and some fail.
     */
    public static void run(Path file, byte[] seed, long randomSeed, int cases, Duration budget, Mutator mutator,
                           Class<? extends Exception> rejection, boolean oneLine, Reader reader) throws Exception {
        SplittableRandom random = new SplittableRandom(randomSeed);
        long deadline = System.nanoTime() + budget.toNanos();
        int opened = 0;
        int rejected = 0;
        for (int i = 0; i < cases && System.nanoTime() < deadline; i++) {
            byte[] bytes = mutator.mutate(seed, random);
            Files.write(file, bytes);
            try {
                reader.read(file);
                opened++;
            } catch (Exception | Error e) {
                if (!rejection.isInstance(e)) {
                    fail("case " + i + " (" + bytes.length + " bytes) threw " + e, e);
                }
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                if (oneLine) {
                    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                }
                rejected++;
            }
        }
        assertTrue(opened + rejected >= 1000, "too few cases ran: " + (opened + rejected));
        assertTrue(rejected > 0 && opened > 0, "opened " + opened + ", rejected " + rejected);
    }
}
