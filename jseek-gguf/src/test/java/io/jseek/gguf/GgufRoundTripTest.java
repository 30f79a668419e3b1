package io.jseek.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.tensor.GgmlType;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeSurvivesWriteAndRead() throws Exception {
        GgufWriter w = new GgufWriter()
                .put("u8", GgufValueType.UINT8, 250)
                .put("i8", GgufValueType.INT8, -5)
                .put("u16", GgufValueType.UINT16, 65000)
                .put("i16", GgufValueType.INT16, -300)
                .putUint32("u32", 4_000_000_000L)
                .put("i32", GgufValueType.INT32, -7)
                .putFloat32("f32", 1.5f)
                .putBool("bool", true)
                .putString("str", "DeepSeek 深度求索 <｜Assistant｜>")
                .put("u64", GgufValueType.UINT64, 1L << 40)
                .put("i64", GgufValueType.INT64, -(1L << 40))
                .put("f64", GgufValueType.FLOAT64, 2.25)
                .putArray("strs", GgufValueType.STRING, new String[] {"a", "", "ĠHello"})
                .putArray("i32s", GgufValueType.INT32, new int[] {1, -2, 3})
                .putArray("u8s", GgufValueType.UINT8, new int[] {0, 255})
                .putArray("u32s", GgufValueType.UINT32, new long[] {1, 4_000_000_000L})
                .putArray("f32s", GgufValueType.FLOAT32, new float[] {0.5f, -1f})
                .putArray("f64s", GgufValueType.FLOAT64, new double[] {0.25})
                .putArray("bools", GgufValueType.BOOL, new boolean[] {true, false})
                .putArray("empty", GgufValueType.INT64, new long[0]);
        Path file = dir.resolve("meta.gguf");
        w.write(file);
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(3, g.version());
            assertEquals(250, g.metadata().get("u8"));
            assertEquals(-5, g.metadata().get("i8"));
            assertEquals(65000, g.metadata().get("u16"));
            assertEquals(-300, g.metadata().get("i16"));
            assertEquals(4_000_000_000L, g.getLong("u32"));
            assertEquals(-7, g.getLong("i32"));
            assertEquals(1.5, g.findDouble("f32").orElseThrow());
            assertEquals(true, g.findBoolean("bool").orElseThrow());
            assertEquals("DeepSeek 深度求索 <｜Assistant｜>", g.getString("str"));
            assertEquals(1L << 40, g.getLong("u64"));
            assertEquals(-(1L << 40), g.getLong("i64"));
            assertEquals(2.25, g.findDouble("f64").orElseThrow());
            assertArrayEquals(new String[] {"a", "", "ĠHello"}, g.getStringArray("strs"));
            assertArrayEquals(new int[] {1, -2, 3}, g.getIntArray("i32s"));
            assertArrayEquals(new int[] {0, 255}, g.getIntArray("u8s"));
            assertArrayEquals(new long[] {1, 4_000_000_000L}, (long[]) g.metadata().get("u32s"));
            assertArrayEquals(new float[] {0.5f, -1f}, g.getFloatArray("f32s"));
            assertArrayEquals(new double[] {0.25}, (double[]) g.metadata().get("f64s"));
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) g.metadata().get("bools"));
            assertArrayEquals(new long[0], (long[]) g.metadata().get("empty"));
            assertEquals(List.copyOf(g.metadata().keySet()).getFirst(), "u8");
            assertEquals(GgufValueType.ARRAY, g.typeOf("strs").orElseThrow());
            assertTrue(g.tensors().isEmpty());
        }
    }

    @Test
    void tensorsAreMappedAlignedAndReadBack() throws Exception {
        float[] a = {1, 2, 3, 4, 5, 6};
        byte[] q = new byte[2 * 34];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) i;
        }
        Path file = dir.resolve("t.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .putUint32("general.alignment", 64)
                .addTensor("a", new long[] {3, 2}, a)
                .addTensor("q", GgmlType.Q8_0, new long[] {64}, q)
                .write(file);
        try (GgufFile g = GgufFile.open(file)) {
            GgufTensor ta = g.tensor("a");
            assertEquals(GgmlType.F32, ta.type());
            assertArrayEquals(new long[] {3, 2}, ta.shape());
            assertEquals(6, ta.elementCount());
            assertEquals(0, ta.data().address() % 64, "tensor data aligned in memory");
            assertArrayEquals(a, ta.data().toArray(ValueLayout.JAVA_FLOAT));
            GgufTensor tq = g.tensor("q");
            assertEquals(64, tq.offset());
            assertArrayEquals(q, tq.data().toArray(ValueLayout.JAVA_BYTE));
            assertEquals(24 + 68, g.bytesByType().values().stream().mapToLong(Long::longValue).sum());
            assertFalse(g.findTensor("missing").isPresent());
        }
    }

    @Test
    void streamedTensorsAndCopiedValuesKeepTheirBytesAndTypes() throws Exception {
        Path source = dir.resolve("source.gguf");
        new GgufWriter()
                .putArray("u8s", GgufValueType.UINT8, new int[] {1, 200})
                .put("i16", GgufValueType.INT16, -3)
                .write(source);
        Path file = dir.resolve("streamed.gguf");
        try (GgufFile src = GgufFile.open(source)) {
            GgufWriter w = new GgufWriter().copy(src, "u8s").copy(src, "i16");
            w.addTensor("big", GgmlType.Q8_0, new long[] {32, 4000}, chunk -> {
                while (chunk.hasRemaining()) {
                    chunk.put((byte) (chunk.position() % 34));
                }
            });
            assertEquals(4000L * 34, w.tensorBytes());
            w.write(file);
        }
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(GgufValueType.UINT8, g.elementTypeOf("u8s").orElseThrow());
            assertArrayEquals(new int[] {1, 200}, g.getIntArray("u8s"));
            assertEquals(GgufValueType.INT16, g.typeOf("i16").orElseThrow());
            byte[] data = g.tensor("big").data().toArray(ValueLayout.JAVA_BYTE);
            assertEquals(4000 * 34, data.length);
            assertEquals(33, data[33]);
            assertEquals(0, data[34 * 1000]);
        }
    }

    @Test
    void perLayerValuesComeFromScalarsOrArrays() throws Exception {
        Path file = dir.resolve("layers.gguf");
        new GgufWriter()
                .putUint32("x.attention.head_count", 8)
                .putArray("x.attention.head_count_kv", GgufValueType.INT32, new int[] {2, 4, 0})
                .write(file);
        try (GgufFile g = GgufFile.open(file)) {
            assertArrayEquals(new int[] {8, 8, 8}, g.findPerLayer("x.attention.head_count", 3).orElseThrow());
            assertArrayEquals(new int[] {2, 4, 0}, g.findPerLayer("x.attention.head_count_kv", 3).orElseThrow());
            GgufFormatException e = org.junit.jupiter.api.Assertions.assertThrows(GgufFormatException.class,
                    () -> g.findPerLayer("x.attention.head_count_kv", 4));
            assertTrue(e.getMessage().contains("3 values for 4 layers"), e.getMessage());
        }
    }

    @Test
    void splitModelOpensFromAnyPart() throws Exception {
        for (int part = 1; part <= 2; part++) {
            GgufWriter w = new GgufWriter()
                    .put("split.no", GgufValueType.UINT16, part - 1)
                    .put("split.count", GgufValueType.UINT16, 2)
                    .addTensor("t" + part, new long[] {2}, new float[] {part, -part});
            if (part == 1) {
                w.putString("general.architecture", "qwen2");
            }
            w.write(dir.resolve(String.format("m-%05d-of-00002.gguf", part)));
        }
        try (GgufFile g = GgufFile.open(dir.resolve("m-00002-of-00002.gguf"))) {
            assertEquals("qwen2", g.getString("general.architecture"));
            assertEquals(2, g.parts().size());
            assertEquals(List.of("t1", "t2"), List.copyOf(g.tensors().keySet()));
            assertArrayEquals(new float[] {2, -2}, g.tensor("t2").data().toArray(ValueLayout.JAVA_FLOAT));
            assertEquals(Files.size(dir.resolve("m-00001-of-00002.gguf"))
                    + Files.size(dir.resolve("m-00002-of-00002.gguf")), g.fileBytes());
        }
    }

    @Test
    void readsTheSharedVocabFiles() throws Exception {
        Path vocab = Path.of(System.getProperty("jseek.testdata"), "tokenizer", "ggml-vocab-deepseek-llm.gguf");
        try (GgufFile g = GgufFile.open(vocab)) {
            assertEquals("gpt2", g.getString("tokenizer.ggml.model"));
            assertEquals("deepseek-llm", g.getString("tokenizer.ggml.pre"));
            assertEquals(g.getStringArray("tokenizer.ggml.tokens").length,
                    g.getIntArray("tokenizer.ggml.token_type").length);
            assertTrue(g.tensors().isEmpty());
        }
    }
}
