package io.jseek.gguf;

import io.jseek.gguf.testing.ParserFuzz;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated and truncated GGUF files: every one either opens, with tensor slices inside the file, or fails with a
 * {@link GgufFormatException}; never another exception, an Error or a hang. The run is bounded in cases and
 * time, and seeded so that a failure can be replayed.
 */
class GgufFuzzTest {
    private static final int CASES = 10_000;
    private static final Duration BUDGET = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void mutatedAndTruncatedFilesNeverCrash() throws Exception {
        ParserFuzz.run(dir.resolve("fuzz.gguf"), seedFile(), 20261129, CASES, BUDGET, GgufFuzzTest::mutate,
                GgufFormatException.class, false, file -> {
                    try (GgufFile g = GgufFile.open(file)) {
                        for (GgufTensor t : g.tensors().values()) {
                            if (t.byteSize() > 0) {
                                t.data().get(ValueLayout.JAVA_BYTE, t.byteSize() - 1);
                            }
                        }
                        g.metadata().size();
                    }
                });
    }

    private byte[] seedFile() throws IOException {
        Path f = dir.resolve("seed.gguf");
        new GgufWriter()
                .putString("general.architecture", "deepseek2")
                .putUint32("deepseek2.block_count", 2)
                .putArray("deepseek2.attention.head_count", GgufValueType.INT32, new int[] {4, 4})
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, new String[] {"a", "b", "<｜User｜>"})
                .putArray("tokenizer.ggml.scores", GgufValueType.FLOAT32, new float[] {0f, 1f, 2f})
                .putFloat32("deepseek2.rope.freq_base", 10000f)
                .addTensor("token_embd.weight", new long[] {8, 3}, new float[24])
                .addTensor("blk.0.attn_q.weight", GgmlType.Q8_0, new long[] {32, 2}, new byte[68])
                .addTensor("output_norm.weight", GgmlType.F16, new long[] {8}, new byte[16])
                .write(f);
        return Files.readAllBytes(f);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {
                for (int k = random.nextInt(1, 8); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(b.length - 8);
                long value = switch (random.nextInt(5)) {
                    case 0 -> -1L;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 1L << random.nextInt(63);
                    case 3 -> random.nextInt(64);
                    default -> Integer.MAX_VALUE;
                };
                for (int j = 0; j < 8; j++) {
                    b[at + j] = (byte) (value >>> (8 * j));
                }
            }
            default -> {
                int at = random.nextInt(b.length);
                b[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return b;
    }
}
