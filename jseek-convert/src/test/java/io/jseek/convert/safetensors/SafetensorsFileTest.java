package io.jseek.convert.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void decodesEveryFloatDtype() throws IOException {
        float[] values = {1.5f, -2.25f, 0f, 65504f};
        Path file = new SafetensorsTestFile()
                .addF32("a", new long[] {2, 2}, values)
                // F16 0x3E00 = 1.5, 0xC080 = -2.25; BF16 0x3FC0 = 1.5, 0xC010 = -2.25 (bits from IEEE/bfloat16 tables)
                .add("h", "F16", new long[] {2}, new byte[] {0x00, 0x3E, (byte) 0x80, (byte) 0xC0})
                .add("b", "BF16", new long[] {2}, new byte[] {(byte) 0xC0, 0x3F, 0x10, (byte) 0xC0})
                // E4M3FN: 0x38 = 1.0, 0x7E = 448 (largest finite), 0x01 = 2^-9 (smallest subnormal), 0xB8 = -1.0
                .add("q", "F8_E4M3", new long[] {4}, new byte[] {0x38, 0x7E, 0x01, (byte) 0xB8})
                .write(dir.resolve("model.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("a", "h", "b", "q"), List.copyOf(f.tensors().keySet()));
            assertArrayEquals(values, decode(f.tensors().get("a")));
            assertArrayEquals(new float[] {1.5f, -2.25f}, decode(f.tensors().get("h")));
            assertArrayEquals(new float[] {1.5f, -2.25f}, decode(f.tensors().get("b")));
            assertArrayEquals(new float[] {1f, 448f, 0x1p-9f, -1f}, decode(f.tensors().get("q")));
            assertArrayEquals(new long[] {2, 2}, f.tensors().get("a").shape());
        }
    }

    @Test
    void fp8NanIsOnlyAllOnes() {
        assertTrue(Float.isNaN(Fp8E4M3.decode((byte) 0x7F)));
        assertTrue(Float.isNaN(Fp8E4M3.decode((byte) 0xFF)));
        assertEquals(-448f, Fp8E4M3.decode((byte) 0xFE));
        assertEquals(0x1p-6f, Fp8E4M3.decode((byte) 0x08));
        assertEquals(0x1.cp-7f, Fp8E4M3.decode((byte) 0x07)); // subnormal 7/8 · 2^-6
    }

    @Test
    void scalarsAndEmptyTensorsAreValid() throws IOException {
        Path file = new SafetensorsTestFile()
                .addF32("s", new long[] {}, new float[] {3f})
                .add("e", "F32", new long[] {0, 4}, new byte[0])
                .write(dir.resolve("x.safetensors"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {3f}, decode(f.tensors().get("s")));
            assertEquals(0, f.tensors().get("e").elementCount());
        }
    }

    @Test
    void lyingHeadersAreOneErrorNamingTheFile() throws IOException {
        SafetensorsTestFile two = new SafetensorsTestFile()
                .addF32("a", new long[] {2}, new float[] {1, 2})
                .addF32("b", new long[] {2}, new float[] {3, 4});
        String good = two.header();
        assertRejected(two.bytes(good.replace("[8,16]", "[8,24]")), "runs past|describes 24 bytes|needs 8 bytes");
        assertRejected(two.bytes(good.replace("[8,16]", "[4,12]")), "overlaps");
        String huge = good.replaceFirst("\"shape\":\\[2]", "\"shape\":[4611686018427387904,4]");
        assertRejected(two.bytes(huge), "overflows");
        assertRejected(two.bytes(good.replace("\"F32\"", "\"F33\"")), "unknown dtype 'F33'");
        assertRejected(two.bytes(good.substring(0, good.length() - 1)), "header: invalid JSON at line 1");
        assertRejected(two.bytes(good.replace("\"b\":", "\"a\":")),
                "header: invalid JSON at line 1, column \\d+: Duplicate field 'a'");
        assertRejected(two.bytes("[1,2]"), "not a JSON object");
        assertRejected(two.bytes(good.replace("[0,8]", "[0,-8]")), "not a non-negative");
        byte[] truncated = two.bytes();
        assertRejected(Arrays.copyOf(truncated, truncated.length - 3), "truncated");
        byte[] trailing = Arrays.copyOf(truncated, truncated.length + 4);
        assertRejected(trailing, "4 bytes after the last tensor");
        byte[] hugeHeader = two.bytes();
        hugeHeader[7] = 0x7F;
        assertRejected(hugeHeader, "exceeds the limit");
        assertRejected(new byte[5], "shorter than the 8-byte header size");
    }

    private void assertRejected(byte[] bytes, String expected) throws IOException {
        Path file = Files.write(dir.resolve("bad.safetensors"), bytes);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*(" + expected + ").*"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void shardedCheckpointFollowsItsIndex() throws IOException {
        new SafetensorsTestFile().addF32("x", new long[] {1}, new float[] {1})
                .addF32("w", new long[] {1}, new float[] {0})
                .write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsTestFile().addF32("y", new long[] {1}, new float[] {2})
                .write(dir.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve(Checkpoint.INDEX), """
                {"metadata": {"total_size": 8}, "weight_map": {"y": "model-00002-of-00002.safetensors",
                 "x": "model-00001-of-00002.safetensors", "w": "model-00001-of-00002.safetensors"}}""");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(List.of("x", "w", "y"), List.copyOf(c.tensors().keySet()));
            assertArrayEquals(new float[] {2}, decode(c.tensors().get("y")));
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX), """
                {"weight_map": {"x": "model-00001-of-00002.safetensors", "y": "model-00002-of-00002.safetensors",
                 "z": "model-00003-of-00003.safetensors"}}""");
        SafetensorsFormatException missing = assertThrows(SafetensorsFormatException.class, () -> Checkpoint.open(dir));
        assertTrue(missing.getMessage().contains("missing shard model-00003-of-00003.safetensors"),
                missing.getMessage());
        Files.writeString(dir.resolve(Checkpoint.INDEX), """
                {"weight_map": {"x": "model-00001-of-00002.safetensors"}}""");
        SafetensorsFormatException extra = assertThrows(SafetensorsFormatException.class, () -> Checkpoint.open(dir));
        assertTrue(extra.getMessage().contains("not listed in the index"), extra.getMessage());
    }

    private static float[] decode(SafeTensor t) throws SafetensorsFormatException {
        float[] out = new float[(int) t.elementCount()];
        ElementDecoder.decode(t, 0, out, 0, out.length);
        return out;
    }
}
