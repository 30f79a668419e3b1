package io.jseek.model.tools;

import io.jseek.gguf.GgufValueType;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF v3 writer whose tensor data is produced while the file is written, chunk by chunk, so that a multi-gigabyte
 * model never sits in memory ({@link io.jseek.gguf.GgufWriter} holds every tensor until {@code write}, which suits
 * tiny golden models). Same layout: metadata, tensor infos, then each tensor padded to 32 bytes in the order added.
 */
final class GgufStreamWriter {
    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int ALIGNMENT = 32;
    private static final int CHUNK = 1 << 22;

    /** Writes the bytes of one tensor: called with buffers of whole blocks until the tensor is complete. */
    @FunctionalInterface
    interface Filler {
        void fill(ByteBuffer chunk);
    }

    private record Value(GgufValueType type, GgufValueType elementType, Object value) {
    }

    private record Tensor(String name, GgmlType type, long[] shape, long bytes, Filler filler) {
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    void put(String key, GgufValueType type, Object value) {
        if (metadata.putIfAbsent(key, new Value(type, null, value)) != null) {
            throw new IllegalArgumentException("duplicate metadata key " + key);
        }
    }

    void putArray(String key, GgufValueType elementType, Object array) {
        if (metadata.putIfAbsent(key, new Value(GgufValueType.ARRAY, elementType, array)) != null) {
            throw new IllegalArgumentException("duplicate metadata key " + key);
        }
    }

    /** Adds a tensor of GGUF shape {@code shape} ({@code shape[0]} is the row length) filled by {@code filler}. */
    void addTensor(String name, GgmlType type, long[] shape, Filler filler) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        tensors.add(new Tensor(name, type, shape.clone(), type.byteSize(elements), filler));
    }

    /** Total bytes of tensor data (without padding). */
    long tensorBytes() {
        return tensors.stream().mapToLong(Tensor::bytes).sum();
    }

    void write(Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, header());
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                writeData(out, t, chunk);
            }
        }
    }

    private static void writeData(FileChannel out, Tensor t, ByteBuffer chunk) throws IOException {
        int perChunk = CHUNK / t.type.typeSize() * t.type.typeSize();
        for (long done = 0; done < t.bytes; ) {
            int n = (int) Math.min(perChunk, t.bytes - done);
            chunk.clear().limit(n);
            t.filler.fill(chunk);
            writeFully(out, chunk.flip());
            done += n;
        }
        writeFully(out, ByteBuffer.allocate((int) (alignUp(t.bytes) - t.bytes)));
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private ByteBuffer header() {
        Sink s = new Sink();
        s.u32(MAGIC).u32(3).u64(tensors.size()).u64(metadata.size());
        for (Map.Entry<String, Value> e : metadata.entrySet()) {
            s.string(e.getKey());
            value(s, e.getValue());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            s.string(t.name).u32(t.shape.length);
            for (long d : t.shape) {
                s.u64(d);
            }
            s.u32(t.type.id()).u64(offset);
            offset += alignUp(t.bytes);
        }
        while (s.size() % ALIGNMENT != 0) {
            s.u8(0);
        }
        return s.done();
    }

    private static void value(Sink s, Value v) {
        s.u32(v.type.id());
        if (v.type != GgufValueType.ARRAY) {
            scalar(s, v.type, v.value);
            return;
        }
        int n = Array.getLength(v.value);
        s.u32(v.elementType.id()).u64(n);
        for (int i = 0; i < n; i++) {
            scalar(s, v.elementType, Array.get(v.value, i));
        }
    }

    private static void scalar(Sink s, GgufValueType type, Object value) {
        switch (type) {
            case UINT8, INT8 -> s.u8(((Number) value).intValue());
            case UINT16, INT16 -> s.u16(((Number) value).intValue());
            case UINT32, INT32 -> s.u32(((Number) value).intValue());
            case UINT64, INT64 -> s.u64(((Number) value).longValue());
            case FLOAT32 -> s.u32(Float.floatToRawIntBits(((Number) value).floatValue()));
            case FLOAT64 -> s.u64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            case BOOL -> s.u8((Boolean) value ? 1 : 0);
            case STRING -> s.string((String) value);
            case ARRAY -> throw new IllegalArgumentException("nested arrays are not allowed in GGUF");
        }
    }

    private static long alignUp(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** A growable little-endian buffer for the header (a few MB: the tokenizer's token and merge strings). */
    private static final class Sink {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        private Sink room(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buf.flip());
                buf = bigger;
            }
            return this;
        }

        Sink u8(int v) {
            room(1).buf.put((byte) v);
            return this;
        }

        Sink u16(int v) {
            room(2).buf.putShort((short) v);
            return this;
        }

        Sink u32(int v) {
            room(4).buf.putInt(v);
            return this;
        }

        Sink u64(long v) {
            room(8).buf.putLong(v);
            return this;
        }

        Sink string(String v) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            room(bytes.length).buf.put(bytes);
            return this;
        }

        int size() {
            return buf.position();
        }

        ByteBuffer done() {
            return buf.flip();
        }
    }
}
