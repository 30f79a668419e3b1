package io.jseek.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import io.jseek.tensor.Tensors;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvCacheTypeTest {
    /** A row of 4 blocks of 32 with magnitudes from 1e-3 to 1e2, and one block of zeros. */
    private static float[] row() {
        Random r = new Random(7);
        float[] x = new float[160];
        for (int i = 0; i < 128; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(10, i / 32 - 3 + r.nextInt(2)));
        }
        return x;
    }

    @Test
    void q8_0StoresWhatGgmlsQuantizerThenDequantizerGive() {
        float[] x = row();
        byte[] q = Quantizers.quantize(GgmlType.Q8_0, x);
        float[] expected = new float[x.length];
        Tensors.of(GgmlType.Q8_0, MemorySegment.ofArray(q), x.length).dequantize(0, expected, 0, x.length);
        float[] stored = new float[x.length + 3];
        KvCacheType.Q8_0.store(x, 0, stored, 3, x.length);
        float[] got = new float[x.length];
        System.arraycopy(stored, 3, got, 0, x.length);
        assertArrayEquals(expected, got, 0f); // equal values; a quantum of 0 keeps the input's sign here (-0.0)
    }

    @Test
    void f16StoresHalvesAndF32CopiesExactly() {
        float[] x = row();
        short[] f16 = new short[x.length];
        float[] f32 = new float[x.length];
        KvCacheType.F16.storeHalves(x, 0, f16, 0, x.length);
        KvCacheType.F32.store(x, 0, f32, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToFloat16(x[i]), f16[i]);
        }
        assertArrayEquals(x, f32);
        assertThrows(IllegalStateException.class, () -> KvCacheType.F16.store(x, 0, f32, 0, x.length));
        assertThrows(IllegalStateException.class, () -> KvCacheType.F32.storeHalves(x, 0, f16, 0, x.length));
    }

    @Test
    void q8_0NeedsWholeBlocks() {
        KvCacheType.F16.checkRow("key head", 16);
        KvCacheType.Q8_0.checkRow("key head", 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvCacheType.Q8_0.checkRow("key head", 16));
        assertEquals("--cache-type q8_0 needs rows in blocks of 32 values; this model's key head has 16 (use f16 or"
                + " f32)", e.getMessage());
    }

    @Test
    void aModelWithHeadsOf16RefusesAQ8_0Cache(@TempDir Path dir) throws IOException {
        RandomModelSpec spec = TinyModels.qwen2(GgmlType.F32); // heads of 16
        Path file = dir.resolve("qwen2.gguf");
        RandomModelWriter.write(spec, Path.of(System.getProperty("jseek.testdata"), "tokenizer", spec.vocab()), file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file,
                ModelOptions.defaults().withThreads(1).withCacheType(KvCacheType.Q8_0)));
        assertEquals("--cache-type q8_0 needs rows in blocks of 32 values; this model's key head has 16 (use f16 or"
                + " f32)", e.getMessage());
    }

    @Test
    void llamaCppBytesPerType() {
        assertEquals(4096, KvCacheType.F32.llamaCppBytes(1024));
        assertEquals(2048, KvCacheType.F16.llamaCppBytes(1024));
        assertEquals(1088, KvCacheType.Q8_0.llamaCppBytes(1024));
        assertEquals(4096, KvCacheType.F32.bytes(1024), "jseek holds floats");
        assertEquals(2048, KvCacheType.F16.bytes(1024), "jseek holds halves");
        assertEquals(4096, KvCacheType.Q8_0.bytes(1024), "jseek holds the rounded floats");
        assertEquals(KvCacheType.Q8_0, KvCacheType.parse("Q8_0"));
        assertThrows(IllegalArgumentException.class, () -> KvCacheType.parse("q4_0"));
    }
}
