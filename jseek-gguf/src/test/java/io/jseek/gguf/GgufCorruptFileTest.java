package io.jseek.gguf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of damage gets one clear error that names the file and the problem. */
class GgufCorruptFileTest {
    @TempDir
    Path dir;

    private byte[] valid() throws Exception {
        Path f = dir.resolve("valid.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, new String[] {"a", "b"})
                .addTensor("w", new long[] {4, 2}, new float[8])
                .addTensor("v", new long[] {8}, new float[8])
                .write(f);
        return Files.readAllBytes(f);
    }

    private String failure(byte[] bytes) throws Exception {
        Path f = dir.resolve("bad.gguf");
        Files.write(f, bytes);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(f).close());
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void expect(String message, String fragment) {
        assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
    }

    @Test
    void wrongMagic() throws Exception {
        byte[] b = valid();
        b[0] = 'X';
        expect(failure(b), "not a GGUF file");
    }

    @Test
    void unsupportedVersions() throws Exception {
        byte[] b = valid();
        b[4] = 1;
        expect(failure(b), "unsupported GGUF version 1");
        b = valid();
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putInt(4, 3);
        expect(failure(b), "big-endian");
    }

    @Test
    void emptyAndTinyFiles() throws Exception {
        expect(failure(new byte[0]), "empty file");
        expect(failure("GGUF".getBytes()), "too short");
    }

    @Test
    void truncatedHeaderAndData() throws Exception {
        byte[] b = valid();
        expect(failure(Arrays.copyOf(b, 40)), "");
        expect(failure(Arrays.copyOf(b, b.length - 1)), "extends past the end of the file");
    }

    @Test
    void countsPastTheEndOfTheFile() throws Exception {
        byte[] b = valid();
        le(b).putLong(8, Long.MAX_VALUE);
        expect(failure(b), "tensor count");
        b = valid();
        le(b).putLong(16, 1L << 40);
        expect(failure(b), "metadata count");
        b = valid();
        le(b).putLong(24, Long.MAX_VALUE - 3); // length of the first key
        expect(failure(b), "past the end of the file");
    }

    @Test
    void hugeArrayCountIsRejectedBeforeAllocating() throws Exception {
        byte[] b = valid();
        int at = indexOf(b, "tokenizer.ggml.tokens".getBytes()) + "tokenizer.ggml.tokens".length() + 8;
        le(b).putLong(at, 1L << 50);
        expect(failure(b), "more than the file can hold");
    }

    @Test
    void unknownValueAndTensorTypes() throws Exception {
        byte[] b = valid();
        int at = indexOf(b, "general.architecture".getBytes()) + "general.architecture".length();
        le(b).putInt(at, 99);
        expect(failure(b), "unknown value type 99");
        b = valid();
        le(b).putInt(typeOffset(b, "w"), 77);
        expect(failure(b), "unknown ggml type 77");
    }

    @Test
    void misalignedAndOverlappingOffsets() throws Exception {
        byte[] b = valid();
        le(b).putLong(typeOffset(b, "v") + 4, 4);
        expect(failure(b), "not a multiple of the alignment");
        b = valid();
        le(b).putLong(typeOffset(b, "v") + 4, 0);
        expect(failure(b), "overlaps");
    }

    @Test
    void duplicateKeysAndTensorNames() throws Exception {
        Path f = dir.resolve("dup.gguf");
        new GgufWriter().putString("aaaa", "x").putString("bbbb", "y").write(f);
        byte[] d = Files.readAllBytes(f);
        System.arraycopy("aaaa".getBytes(), 0, d, indexOf(d, "bbbb".getBytes()), 4);
        expect(failure(d), "duplicate metadata key 'aaaa'");
        byte[] b = valid();
        int nameOfV = typeOffset(b, "v") - 8 - 4 - 1;
        b[nameOfV] = 'w';
        expect(failure(b), "duplicate tensor name 'w'");
    }

    @Test
    void badDimensionsAndBlockSizes() throws Exception {
        byte[] b = valid();
        le(b).putInt(typeOffset(b, "v") - 8 - 4, 9);
        expect(failure(b), "dimensions");
        b = valid();
        le(b).putInt(typeOffset(b, "v"), GgmlType.Q4_0.id());
        expect(failure(b), "not a multiple of the Q4_0 block size 32");
        b = valid();
        le(b).putLong(typeOffset(b, "v") - 8, -8);
        expect(failure(b), "negative dimension");
    }

    @Test
    void badAlignment() throws Exception {
        Path f = dir.resolve("align.gguf");
        new GgufWriter().put("general.alignment", GgufValueType.UINT32, 48).write(f);
        expect(failure(Files.readAllBytes(f)), "not a power of two");
        new GgufWriter().put("general.alignment", GgufValueType.INT32, 32).write(f);
        expect(failure(Files.readAllBytes(f)), "must be a UINT32");
    }

    /** Byte offset of the ggml type field of tensor {@code name} (1-D tensors: name, n_dims, ne[0], type). */
    private static int typeOffset(byte[] b, String name) {
        byte[] needle = ByteBuffer.allocate(8 + name.length() + 4).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(name.length()).put(name.getBytes()).putInt(name.equals("w") ? 2 : 1).array();
        int at = indexOf(b, needle);
        int dims = name.equals("w") ? 2 : 1;
        return at + needle.length + 8 * dims;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
