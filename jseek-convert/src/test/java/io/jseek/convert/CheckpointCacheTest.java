package io.jseek.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.convert.HfCheckpointWriter.Encoding;
import io.jseek.gguf.GgufFile;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint folder given as a model: converted once, in its own type, and again only when its files change. */
class CheckpointCacheTest {
    @TempDir
    Path dir;

    private Path checkpoint(Encoding encoding) throws IOException {
        RandomModelSpec spec = TinyModels.qwen2(GgmlType.F32);
        Path direct = dir.resolve("direct.gguf");
        RandomModelWriter.write(spec, TestData.tokenizer(spec.vocab()), direct);
        return new HfCheckpointWriter(dir.resolve("hf-" + encoding), 1).fp8Block(16, 32)
                .tensors(HfExport.export(GgufTensors.read(direct), null),
                        t -> encoding == Encoding.FP8 && t.shape().length < 2 ? Encoding.F32 : encoding)
                .write(ConvertModelsTest.denseConfig("Qwen2ForCausalLM", 151669, Map.of("rope_theta", 10000.0)),
                        TestData.tokenizer("qwen.tokenizer.json"), null);
    }

    @Test
    void convertsOnceInTheWeightsOwnTypeAndAgainWhenAFileChanges() throws IOException {
        Path hf = checkpoint(Encoding.BF16);
        Path cache = dir.resolve("cache");
        AtomicInteger conversions = new AtomicInteger();
        Path first = CheckpointCache.gguf(hf, cache, ConvertProgress.NONE, conversions::incrementAndGet);
        Path second = CheckpointCache.gguf(hf, cache, ConvertProgress.NONE, conversions::incrementAndGet);
        assertEquals(first, second);
        assertEquals(1, conversions.get());
        assertTrue(first.getFileName().toString().endsWith("-bf16.gguf"), first.toString());
        try (GgufFile g = GgufFile.open(first)) {
            assertEquals(GgmlType.BF16, g.tensor("blk.0.ffn_down.weight").type());
        }
        Path shard = hf.resolve("model.safetensors");
        Files.setLastModifiedTime(shard, FileTime.fromMillis(Files.getLastModifiedTime(shard).toMillis() + 5000));
        Path third = CheckpointCache.gguf(hf, cache, ConvertProgress.NONE, conversions::incrementAndGet);
        assertNotEquals(first, third);
        assertEquals(2, conversions.get());
    }

    @Test
    void f32AndF16KeepTheirType() throws IOException {
        assertEquals(OutputType.F32, CheckpointCache.weightType(checkpoint(Encoding.F32)));
        assertEquals(OutputType.F16, CheckpointCache.weightType(checkpoint(Encoding.F16)));
    }

    @Test
    void fp8WeightsNameTheConvertCommand() throws IOException {
        Path hf = checkpoint(Encoding.FP8);
        ConvertException e = assertThrows(ConvertException.class,
                () -> CheckpointCache.gguf(hf, dir.resolve("cache"), ConvertProgress.NONE, () -> { }));
        assertTrue(e.getMessage().contains("F8_E4M3") && e.getMessage().contains("jseek convert " + hf),
                e.getMessage());
        assertTrue(!Files.exists(dir.resolve("cache")), "nothing written");
    }
}
