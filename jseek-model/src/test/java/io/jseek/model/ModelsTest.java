package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jseek.gguf.GgufWriter;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {
    @TempDir
    Path dir;

    @Test
    void unsupportedArchitectureNamesItAndListsSupported() throws Exception {
        Path file = dir.resolve("mamba.gguf");
        new GgufWriter().putString("general.architecture", "mamba").write(file);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Models.load(file, ModelOptions.defaults().withThreads(1)));
        assertTrue(e.getMessage().contains("'mamba' is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("supported architectures: llama, qwen2"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path file = dir.resolve("broken.gguf");
        new GgufWriter()
                .putString("general.architecture", "qwen2")
                .putUint32("qwen2.context_length", 16)
                .putUint32("qwen2.embedding_length", 32)
                .putUint32("qwen2.block_count", 1)
                .putUint32("qwen2.feed_forward_length", 32)
                .putUint32("qwen2.attention.head_count", 2)
                .putFloat32("qwen2.attention.layer_norm_rms_epsilon", 1e-6f)
                .addTensor("token_embd.weight", new long[] {32, 4}, new float[128])
                .addTensor("output_norm.weight", new long[] {32}, new float[32])
                .write(file);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Models.load(file, ModelOptions.defaults().withThreads(1)));
        assertTrue(e.getMessage().contains("tensor 'blk.0.attn_norm.weight' is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("qwen2"), e.getMessage());
    }

    /** A one-layer qwen3 file with heads of {@code keyLength}, holding every tensor but {@code omit}. */
    private Path qwen3(int keyLength, String omit) throws Exception {
        int e = 32;
        int q = 2 * keyLength;
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "qwen3")
                .putUint32("qwen3.context_length", 16)
                .putUint32("qwen3.embedding_length", e)
                .putUint32("qwen3.block_count", 1)
                .putUint32("qwen3.feed_forward_length", 32)
                .putUint32("qwen3.attention.head_count", 2)
                .putUint32("qwen3.attention.key_length", keyLength)
                .putUint32("qwen3.attention.value_length", 16)
                .putFloat32("qwen3.attention.layer_norm_rms_epsilon", 1e-6f);
        java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        shapes.put("token_embd.weight", new long[] {e, 4});
        shapes.put("output_norm.weight", new long[] {e});
        shapes.put("blk.0.attn_norm.weight", new long[] {e});
        shapes.put("blk.0.attn_q.weight", new long[] {e, q});
        shapes.put("blk.0.attn_k.weight", new long[] {e, q});
        shapes.put("blk.0.attn_v.weight", new long[] {e, q});
        shapes.put("blk.0.attn_output.weight", new long[] {q, e});
        shapes.put("blk.0.attn_q_norm.weight", new long[] {keyLength});
        shapes.put("blk.0.attn_k_norm.weight", new long[] {keyLength});
        shapes.put("blk.0.ffn_norm.weight", new long[] {e});
        shapes.put("blk.0.ffn_gate.weight", new long[] {e, 32});
        shapes.put("blk.0.ffn_up.weight", new long[] {e, 32});
        shapes.put("blk.0.ffn_down.weight", new long[] {32, e});
        shapes.forEach((name, shape) -> {
            if (!name.equals(omit)) {
                w.addTensor(name, shape, new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)]);
            }
        });
        Path file = dir.resolve("qwen3-" + keyLength + ".gguf");
        w.write(file);
        return file;
    }

    @Test
    void qwen3NeedsItsQkNormsAndEqualKeyAndValueWidths() throws Exception {
        try (Model m = Models.load(qwen3(16, null), ModelOptions.defaults().withThreads(1))) {
            assertEquals(16, m.config().keyLength());
        }
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> Models.load(
                qwen3(16, "blk.0.attn_k_norm.weight"), ModelOptions.defaults().withThreads(1)));
        assertTrue(missing.getMessage().endsWith(": tensor 'blk.0.attn_k_norm.weight' is missing (required by"
                + " architecture 'qwen3')"), missing.getMessage());
        ModelLoadException widths = assertThrows(ModelLoadException.class,
                () -> Models.load(qwen3(32, null), ModelOptions.defaults().withThreads(1)));
        assertTrue(widths.getMessage().endsWith(": qwen3 requires attention.key_length (32) =="
                + " attention.value_length (16) == rope.dimension_count (32)"), widths.getMessage());
    }

    @Test
    void wrongShapeIsReported() throws Exception {
        Path file = dir.resolve("shape.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .putUint32("llama.context_length", 16)
                .putUint32("llama.embedding_length", 32)
                .putUint32("llama.block_count", 1)
                .putUint32("llama.attention.head_count", 2)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-6f)
                .addTensor("token_embd.weight", new long[] {32, 4}, new float[128])
                .addTensor("output.weight", new long[] {16, 8}, new float[128])
                .write(file);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Models.load(file, ModelOptions.defaults().withThreads(1)));
        assertTrue(e.getMessage().contains("'output.weight' has shape [16, 8], expected [32, 4]"), e.getMessage());
    }

    @Test
    void supportedArchitectures() {
        assertEquals(java.util.List.of("llama", "qwen2", "qwen3", "deepseek2"),
                java.util.List.copyOf(Models.supportedArchitectures()));
    }

    @Test
    void lockMemoryLocksTheWeightsInRam() throws Exception {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "needs Linux /proc");
        RandomModelSpec spec = TinyModels.llamaLinear(GgmlType.Q8_0);
        Path file = dir.resolve("locked.gguf");
        RandomModelWriter.write(spec, Path.of(System.getProperty("jseek.testdata"), "tokenizer", spec.vocab()), file);
        long before = lockedKb(status);
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(1).withLockMemory(true))) {
            long locked = lockedKb(status) - before;
            assertTrue(locked >= Files.size(file) / 1024 - 4, "VmLck grew by " + locked + " kB");
        }
    }

    private static long lockedKb(Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmLck:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElseThrow();
    }
}
