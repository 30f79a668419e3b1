package io.jseek.gguf;

import io.jseek.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the header of one GGUF file (one part of a split model) from its memory-mapped bytes.
 *
 * <p>Every count and length read from the file is checked against the bytes that remain before anything is
 * allocated, so a corrupt or hostile file ends in one {@link GgufFormatException}, never an
 * OutOfMemoryError, an index error or a hang. Tensor offsets must be aligned, inside the data section and
 * must not overlap; llama.cpp's stricter "consecutive in info order" rule is relaxed to that.
 */
final class GgufParser {
    static final int MAGIC = 0x46554747; // "GGUF" little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_NAME_BYTES = 63;
    static final int MAX_DIMS = 4;

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** What one file holds: its header, metadata, and tensors whose data are slices of {@code file}. */
    record Part(int version, Map<String, Object> metadata, Map<String, GgufValueType> types,
                Map<String, GgufValueType> elementTypes, List<GgufTensor> tensors, int alignment, long dataOffset) {
    }

    private final Path path;
    private final MemorySegment file;
    private final Map<String, GgufValueType> elementTypes = new LinkedHashMap<>();
    private long pos;

    private GgufParser(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
    }

    static Part parse(Path path, MemorySegment file) throws GgufFormatException {
        return new GgufParser(path, file).parse();
    }

    private Part parse() throws GgufFormatException {
        if (file.byteSize() < 24) {
            throw error("too short to be a GGUF file (" + file.byteSize() + " bytes)");
        }
        int magic = file.get(I32, 0);
        if (magic != MAGIC) {
            throw error(String.format("not a GGUF file (magic 0x%08x, expected \"GGUF\")", magic));
        }
        pos = 4;
        int version = readInt();
        if ((version & 0xFFFF) == 0 && version != 0) {
            throw error("big-endian GGUF files are not supported");
        }
        if (version != 2 && version != 3) {
            throw error("unsupported GGUF version " + version + " (versions 2 and 3 are supported)");
        }
        long tensorCount = readCount("tensor count", 8 + 4 + 8 + 4 + 8);
        long kvCount = readCount("metadata count", 8 + 4 + 1);
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, GgufValueType> types = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = pos;
            String key = readString("metadata key");
            GgufValueType type = readType("metadata key '" + key + "'");
            Object value = readValue(type, key);
            if (metadata.putIfAbsent(key, value) != null) {
                throw error("duplicate metadata key '" + key + "' at byte " + at);
            }
            types.put(key, type);
        }
        int alignment = alignment(metadata, types);
        List<TensorHeader> headers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            TensorHeader h = readTensorHeader();
            if (!names.add(h.name)) {
                throw error("duplicate tensor name '" + h.name + "'");
            }
            headers.add(h);
        }
        long dataOffset = alignUp(pos, alignment);
        List<GgufTensor> tensors = placeTensors(headers, alignment, dataOffset);
        return new Part(version, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(types),
                Collections.unmodifiableMap(elementTypes), List.copyOf(tensors), alignment, dataOffset);
    }

    private record TensorHeader(String name, GgmlType type, long[] shape, long offset, long bytes) {
    }

    private TensorHeader readTensorHeader() throws GgufFormatException {
        String name = readString("tensor name");
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw error("tensor name '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
        }
        int dims = readInt();
        if (dims < 1 || dims > MAX_DIMS) {
            throw error("tensor '" + name + "' has " + dims + " dimensions (1 to " + MAX_DIMS + " allowed)");
        }
        long[] shape = new long[dims];
        long elements = 1;
        for (int d = 0; d < dims; d++) {
            shape[d] = readLong();
            if (shape[d] < 0) {
                throw error("tensor '" + name + "' has negative dimension " + shape[d]);
            }
            try {
                elements = Math.multiplyExact(elements, shape[d]);
            } catch (ArithmeticException e) {
                throw error("tensor '" + name + "' has an element count that overflows");
            }
        }
        int typeId = readInt();
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw error("tensor '" + name + "' has unknown ggml type " + typeId);
        }
        if (shape[0] % type.blockSize() != 0) {
            throw error("tensor '" + name + "' row length " + shape[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        long offset = readLong();
        long bytes;
        try {
            bytes = type.byteSize(elements);
        } catch (ArithmeticException e) {
            throw error("tensor '" + name + "' byte size overflows");
        }
        return new TensorHeader(name, type, shape, offset, bytes);
    }

    private List<GgufTensor> placeTensors(List<TensorHeader> headers, int alignment, long dataOffset)
            throws GgufFormatException {
        long dataSize = Math.max(0, file.byteSize() - dataOffset);
        List<TensorHeader> byOffset = new ArrayList<>(headers);
        byOffset.sort(Comparator.comparingLong(TensorHeader::offset));
        long end = 0;
        String previous = null;
        for (TensorHeader h : byOffset) {
            if (h.offset < 0 || h.offset % alignment != 0) {
                throw error("tensor '" + h.name + "' offset " + h.offset + " is not a multiple of the alignment "
                        + alignment);
            }
            if (h.offset < end) {
                throw error("tensor '" + h.name + "' overlaps tensor '" + previous + "'");
            }
            if (h.offset > dataSize || h.bytes > dataSize - h.offset) {
                throw error("tensor '" + h.name + "' data (" + h.bytes + " bytes at offset " + h.offset
                        + ") extends past the end of the file (truncated?)");
            }
            end = h.offset + h.bytes;
            previous = h.name;
        }
        List<GgufTensor> tensors = new ArrayList<>(headers.size());
        for (TensorHeader h : headers) {
            MemorySegment data = file.asSlice(dataOffset + h.offset, h.bytes);
            tensors.add(new GgufTensor(h.name, h.type, h.shape, h.offset, data));
        }
        return tensors;
    }

    private int alignment(Map<String, Object> metadata, Map<String, GgufValueType> types)
            throws GgufFormatException {
        Object value = metadata.get("general.alignment");
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (types.get("general.alignment") != GgufValueType.UINT32) {
            throw error("general.alignment must be a UINT32, found " + types.get("general.alignment"));
        }
        long a = (Long) value;
        if (a <= 0 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw error("general.alignment " + a + " is not a power of two");
        }
        return (int) a;
    }

    private Object readValue(GgufValueType type, String key) throws GgufFormatException {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(readByte());
            case INT8 -> (int) readByte();
            case UINT16 -> Short.toUnsignedInt(readShort());
            case INT16 -> (int) readShort();
            case UINT32 -> Integer.toUnsignedLong(readInt());
            case INT32 -> readInt();
            case UINT64, INT64 -> readLong();
            case FLOAT32 -> readFloat();
            case FLOAT64 -> readDouble();
            case BOOL -> readByte() != 0;
            case STRING -> readString("value of '" + key + "'");
            case ARRAY -> readArray(key);
        };
    }

    private Object readArray(String key) throws GgufFormatException {
        GgufValueType type = readType("array '" + key + "'");
        if (type == GgufValueType.ARRAY) {
            throw error("array '" + key + "' nests arrays, which GGUF does not allow");
        }
        elementTypes.put(key, type);
        long count = readLong();
        if (count < 0 || count > (file.byteSize() - pos) / type.minBytes()) {
            throw error("array '" + key + "' claims " + count + " elements, more than the file can hold");
        }
        int n = (int) count;
        return switch (type) {
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readString("element " + i + " of '" + key + "'");
                }
                yield a;
            }
            case UINT8, INT8, UINT16, INT16, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) readValue(type, key)).intValue();
                }
                yield a;
            }
            case UINT32, UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) readValue(type, key)).longValue();
                }
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readFloat();
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readDouble();
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readByte() != 0;
                }
                yield a;
            }
            case ARRAY -> throw new AssertionError();
        };
    }

    private GgufValueType readType(String what) throws GgufFormatException {
        int id = readInt();
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw error(what + " has unknown value type " + id);
        }
        return type;
    }

    private long readCount(String what, int minBytesEach) throws GgufFormatException {
        long count = readLong();
        if (count < 0 || count > (file.byteSize() - pos) / minBytesEach) {
            throw error(what + " " + count + " is impossible for a file of " + file.byteSize() + " bytes");
        }
        return count;
    }

    private String readString(String what) throws GgufFormatException {
        long length = readLong();
        if (length < 0 || length > file.byteSize() - pos) {
            throw error(what + " at byte " + (pos - 8) + " has length " + length + ", past the end of the file");
        }
        byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
        if (bytes.length != length) {
            throw error(what + " at byte " + (pos - 8) + " is too long (" + length + " bytes)");
        }
        MemorySegment.copy(file, U8, pos, bytes, 0, bytes.length);
        pos += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Checks that {@code bytes} more bytes are there and steps over them; where they start. */
    private long advance(long bytes) throws GgufFormatException {
        if (pos + bytes > file.byteSize()) {
            throw error("truncated header: needs " + bytes + " more bytes at byte " + pos + " of "
                    + file.byteSize());
        }
        long at = pos;
        pos += bytes;
        return at;
    }

    private byte readByte() throws GgufFormatException {
        return file.get(U8, advance(1));
    }

    private short readShort() throws GgufFormatException {
        return file.get(I16, advance(2));
    }

    private int readInt() throws GgufFormatException {
        return file.get(I32, advance(4));
    }

    private long readLong() throws GgufFormatException {
        return file.get(I64, advance(8));
    }

    private float readFloat() throws GgufFormatException {
        return file.get(F32, advance(4));
    }

    private double readDouble() throws GgufFormatException {
        return file.get(F64, advance(8));
    }

    static long alignUp(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private GgufFormatException error(String problem) {
        return new GgufFormatException(path, problem);
    }
}
