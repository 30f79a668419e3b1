package io.jseek.gguf;

import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
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
 * Writes GGUF v3 files: metadata, tensor infos, then tensor data, each tensor padded to the alignment, laid out
 * consecutively in the order added (the layout llama.cpp requires).
 *
 * <p>Tensor data come either as bytes in memory or from a {@link Filler} called while the file is written, chunk by
 * chunk, so that a multi-gigabyte model never sits in memory.
 *
 * <p>Values are typed explicitly ({@link #put(String, GgufValueType, Object)}) because the type is part of the
 * format: llama.cpp checks, for instance, that {@code general.alignment} is a UINT32. Arrays are given as Java
 * arrays (String[], int[], long[], float[], double[], boolean[]) with their element type.
 */
public final class GgufWriter {
    private record Value(GgufValueType type, GgufValueType elementType, Object value) {
    }

    /** Writes the bytes of one tensor: called with buffers of whole blocks until the tensor is complete. */
    @FunctionalInterface
    public interface Filler {
        void fill(ByteBuffer chunk);
    }

    /** One tensor: {@code data} when its bytes are in memory, else {@code filler} produces {@code bytes} bytes. */
    private record Tensor(String name, GgmlType type, long[] shape, long bytes, MemorySegment data, Filler filler) {
    }

    private static final int FILL_CHUNK = 1 << 22;

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<String, Boolean> tensorNames = new LinkedHashMap<>();
    private int alignment = GgufParser.DEFAULT_ALIGNMENT;

    /** Adds a scalar value of the given type (numbers of any boxed type, Boolean, String). */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        if (type == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("use putArray for arrays: " + key);
        }
        return add(key, new Value(type, null, value));
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUint32(String key, long value) {
        if (key.equals("general.alignment")) {
            alignment = (int) value;
        }
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    /** Adds an array; {@code array} is a Java array matching {@code elementType}. */
    public GgufWriter putArray(String key, GgufValueType elementType, Object array) {
        if (!array.getClass().isArray() || elementType == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("not a flat array for " + key);
        }
        return add(key, new Value(GgufValueType.ARRAY, elementType, array));
    }

    /** Copies the value of {@code key} from {@code source} with its stored type (and element type for arrays). */
    public GgufWriter copy(GgufFile source, String key) {
        GgufValueType type = source.typeOf(key).orElseThrow(() -> new IllegalArgumentException("no key " + key));
        Object value = source.metadata().get(key);
        return type == GgufValueType.ARRAY
                ? putArray(key, source.elementTypeOf(key).orElseThrow(), value)
                : put(key, type, value);
    }

    private GgufWriter add(String key, Value value) {
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate metadata key " + key);
        }
        return this;
    }

    /** Adds a tensor; {@code shape[0]} is the row length; {@code data} holds exactly its bytes. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        long expected = byteSize(type, shape);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes given, " + expected
                    + " expected for " + type + " " + java.util.Arrays.toString(shape));
        }
        return add(new Tensor(name, type, shape.clone(), expected, data, null));
    }

    /** Adds a tensor whose bytes {@code filler} produces while the file is written. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, Filler filler) {
        return add(new Tensor(name, type, shape.clone(), byteSize(type, shape), null, filler));
    }

    /** Total bytes of tensor data added so far, without padding. */
    public long tensorBytes() {
        return tensors.stream().mapToLong(Tensor::bytes).sum();
    }

    private static long byteSize(GgmlType type, long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        return type.byteSize(elements);
    }

    private GgufWriter add(Tensor tensor) {
        if (tensorNames.put(tensor.name, Boolean.TRUE) != null) {
            throw new IllegalArgumentException("duplicate tensor " + tensor.name);
        }
        tensors.add(tensor);
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, byte[] data) {
        return addTensor(name, type, shape, MemorySegment.ofArray(data));
    }

    /** Adds an F32 tensor from floats. */
    public GgufWriter addTensor(String name, long[] shape, float[] data) {
        return addTensor(name, GgmlType.F32, shape, MemorySegment.ofArray(data));
    }

    public void write(Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Sink sink = new Sink(out);
            sink.u32(GgufParser.MAGIC).u32(3).u64(tensors.size()).u64(metadata.size());
            for (Map.Entry<String, Value> e : metadata.entrySet()) {
                sink.string(e.getKey());
                writeValue(sink, e.getValue());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                sink.string(t.name).u32(t.shape.length);
                for (long d : t.shape) {
                    sink.u64(d);
                }
                sink.u32(t.type.id()).u64(offset);
                offset += GgufParser.alignUp(t.bytes, alignment);
            }
            sink.pad(alignment);
            for (Tensor t : tensors) {
                if (t.data != null) {
                    sink.segment(t.data);
                } else {
                    sink.fill(t);
                }
                sink.pad(alignment);
            }
            sink.flush();
        }
    }

    private static void writeValue(Sink sink, Value v) throws IOException {
        sink.u32(v.type.id());
        if (v.type != GgufValueType.ARRAY) {
            scalar(sink, v.type, v.value);
            return;
        }
        int n = java.lang.reflect.Array.getLength(v.value);
        sink.u32(v.elementType.id()).u64(n);
        for (int i = 0; i < n; i++) {
            scalar(sink, v.elementType, java.lang.reflect.Array.get(v.value, i));
        }
    }

    private static void scalar(Sink sink, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> sink.u8(((Number) value).intValue());
            case UINT16, INT16 -> sink.u16(((Number) value).intValue());
            case UINT32, INT32 -> sink.u32(((Number) value).intValue());
            case UINT64, INT64 -> sink.u64(((Number) value).longValue());
            case FLOAT32 -> sink.u32(Float.floatToRawIntBits(((Number) value).floatValue()));
            case FLOAT64 -> sink.u64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            case BOOL -> sink.u8((Boolean) value ? 1 : 0);
            case STRING -> sink.string((String) value);
            case ARRAY -> throw new IllegalArgumentException("nested arrays are not allowed in GGUF");
        }
    }

    /** Buffered little-endian output that tracks the file position for padding. */
    private static final class Sink {
        private final FileChannel out;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        /** One chunk buffer for all fillers: a direct buffer per tensor would pile up until a GC. */
        private ByteBuffer chunk;
        private long position;

        Sink(FileChannel out) {
            this.out = out;
        }

        private Sink room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            position += bytes;
            return this;
        }

        Sink u8(int v) throws IOException {
            room(1).buffer.put((byte) v);
            return this;
        }

        Sink u16(int v) throws IOException {
            room(2).buffer.putShort((short) v);
            return this;
        }

        Sink u32(int v) throws IOException {
            room(4).buffer.putInt(v);
            return this;
        }

        Sink u64(long v) throws IOException {
            room(8).buffer.putLong(v);
            return this;
        }

        Sink string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            if (bytes.length > buffer.capacity()) {
                return bytes(ByteBuffer.wrap(bytes));
            }
            room(bytes.length).buffer.put(bytes);
            return this;
        }

        Sink segment(MemorySegment data) throws IOException {
            long chunk = 1 << 20;
            for (long at = 0; at < data.byteSize(); at += chunk) {
                MemorySegment slice = data.asSlice(at, Math.min(chunk, data.byteSize() - at));
                bytes(ByteBuffer.wrap(slice.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            }
            return this;
        }

        Sink fill(Tensor t) throws IOException {
            if (chunk == null) {
                chunk = ByteBuffer.allocateDirect(FILL_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            }
            int perChunk = FILL_CHUNK / t.type.typeSize() * t.type.typeSize();
            for (long done = 0; done < t.bytes; ) {
                int n = (int) Math.min(perChunk, t.bytes - done);
                chunk.clear().limit(n);
                t.filler.fill(chunk);
                bytes(chunk.flip());
                done += n;
            }
            return this;
        }

        private Sink bytes(ByteBuffer src) throws IOException {
            flush();
            position += src.remaining();
            while (src.hasRemaining()) {
                out.write(src);
            }
            return this;
        }

        void pad(int alignment) throws IOException {
            long padding = GgufParser.alignUp(position, alignment) - position;
            for (long i = 0; i < padding; i++) {
                u8(0);
            }
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
    }
}
