package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jseek.gguf.GgufWriter;
import io.jseek.model.tools.RandomModelSpec;
import io.jseek.model.tools.RandomModelWriter;
import io.jseek.model.tools.TinyModels;
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
        assertEquals(java.util.List.of("llama", "qwen2", "qwen3", "deepseek2"), java.util.List.copyOf(Models.supportedArchitectures()));
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
