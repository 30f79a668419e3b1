package io.jseek.convert.safetensors;

import io.jseek.gguf.testing.ParserFuzz;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated and truncated safetensors files: every one either opens, with every tensor's last byte readable, or fails
 * with one {@link SafetensorsFormatException} line naming the file; never another exception, an Error or a hang.
 * Mutations hit the header JSON's text (digits, quotes, brackets) as well as raw bytes. Seeded and bounded.
 */
class SafetensorsFuzzTest {
    private static final int CASES = 10_000;
    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final byte[] JSON_BYTES = "0123456789-.e\"{}[],: F".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void mutatedAndTruncatedFilesNeverCrash() throws Exception {
        byte[] seed = new SafetensorsTestFile()
                .addF32("model.norm.weight", new long[] {4}, new float[] {1, 2, 3, 4})
                .add("w", "F8_E4M3", new long[] {2, 3}, new byte[] {1, 2, 3, 4, 5, 6})
                .addF32("w_scale_inv", new long[] {1, 1}, new float[] {0.5f})
                .add("h", "BF16", new long[] {3}, new byte[6])
                .bytes();
        ParserFuzz.run(dir.resolve("fuzz.safetensors"), seed, 20261206, CASES, BUDGET, SafetensorsFuzzTest::mutate,
                SafetensorsFormatException.class, true, file -> {
                    try (SafetensorsFile f = SafetensorsFile.open(file)) {
                        for (SafeTensor t : f.tensors().values()) {
                            if (t.data().byteSize() > 0) {
                                t.data().get(ValueLayout.JAVA_BYTE, t.data().byteSize() - 1);
                            }
                        }
                    }
                });
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        int headerEnd = 8 + (int) (b[0] & 0xFF);
        switch (random.nextInt(5)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {
                for (int k = random.nextInt(1, 4); k > 0; k--) {
                    b[random.nextInt(8, headerEnd)] = JSON_BYTES[random.nextInt(JSON_BYTES.length)];
                }
            }
            case 2 -> {
                long value = switch (random.nextInt(4)) {
                    case 0 -> -1L;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 1L << random.nextInt(63);
                    default -> random.nextInt(b.length + 16);
                };
                for (int j = 0; j < 8; j++) {
                    b[j] = (byte) (value >>> (8 * j));
                }
            }
            case 3 -> {
                for (int k = random.nextInt(1, 8); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(8, headerEnd);
                b[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return b;
    }
}
