package io.jseek.convert.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the header of a mapped safetensors file by the reference reader's rules (huggingface/safetensors
 * {@code read_metadata} and {@code Metadata::validate}; ../shared/docs/hf-checkpoints.md §1.3): a little-endian u64
 * size of at most 100 MB, UTF-8 JSON without duplicate keys, offsets that tile the data buffer with no hole or overlap,
 * sizes that match dtype × shape without overflow, and no trailing bytes. Any lie is one {@link
 * SafetensorsFormatException} naming the file.
 */
final class SafetensorsHeader {
    static final long MAX_HEADER_SIZE = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private record Entry(String name, Dtype dtype, long[] shape, long begin, long end) {
    }

    private SafetensorsHeader() {
    }

    /** The tensors of {@code mapped}, in header order, with their data sliced from the mapping. */
    static Map<String, SafeTensor> parse(Path file, MemorySegment mapped) throws SafetensorsFormatException {
        long size = mapped.byteSize();
        if (size < 8) {
            throw new SafetensorsFormatException(file, "not a safetensors file: " + size + " bytes, shorter than"
                    + " the 8-byte header size");
        }
        long n = mapped.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 0 || n > MAX_HEADER_SIZE) {
            throw new SafetensorsFormatException(file, "header size " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_SIZE + " bytes");
        }
        if (8 + n > size) {
            throw new SafetensorsFormatException(file, "header size " + n + " runs past the end of the file ("
                    + size + " bytes)");
        }
        JsonNode root = readJson(file, mapped.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA)) {
                checkMetadata(file, e.getValue());
            } else {
                entries.add(entry(file, e.getKey(), e.getValue()));
            }
        }
        checkLayout(file, entries, size - 8 - n);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        MemorySegment buffer = mapped.asSlice(8 + n);
        for (Entry e : entries) {
            tensors.put(e.name, new SafeTensor(e.name, e.dtype, e.shape,
                    buffer.asSlice(e.begin, e.end - e.begin), file));
        }
        return tensors;
    }

    private static JsonNode readJson(Path file, byte[] header) throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JacksonException e) {
            throw new SafetensorsFormatException(file, "header: " + JsonErrorText.describe(e));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(file, "header: invalid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (java.io.IOException e) {
            throw new SafetensorsFormatException(file, "header cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file, "header is not a JSON object");
        }
        return root;
    }

    private static void checkMetadata(Path file, JsonNode metadata) throws SafetensorsFormatException {
        if (!metadata.isObject()) {
            throw new SafetensorsFormatException(file, "__metadata__ is not an object");
        }
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsFormatException(file, "__metadata__." + e.getKey() + " is not a string");
            }
        }
    }

    private static Entry entry(Path file, String name, JsonNode info) throws SafetensorsFormatException {
        String where = "tensor '" + name + "': ";
        if (!info.isObject()) {
            throw new SafetensorsFormatException(file, where + "entry is not an object");
        }
        JsonNode dtypeNode = info.path("dtype");
        if (!dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(file, where + "no dtype string");
        }
        Dtype dtype = Dtype.parse(dtypeNode.asText()).orElseThrow(() -> new SafetensorsFormatException(file,
                where + "unknown dtype '" + dtypeNode.asText() + "'"));
        long[] shape = longs(file, where + "shape", info.path("shape"), -1);
        long[] offsets = longs(file, where + "data_offsets", info.path("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw new SafetensorsFormatException(file, where + "data_offsets end " + offsets[1] + " is before begin "
                    + offsets[0]);
        }
        long bytes;
        try {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            bytes = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(file, where + "shape " + java.util.Arrays.toString(shape)
                    + " overflows");
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw new SafetensorsFormatException(file, where + dtype + " " + java.util.Arrays.toString(shape)
                    + " needs " + bytes + " bytes, data_offsets give " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** An array of non-negative integers ({@code length} of them unless it is -1). */
    private static long[] longs(Path file, String what, JsonNode array, int length) throws SafetensorsFormatException {
        if (!array.isArray() || (length >= 0 && array.size() != length)) {
            throw new SafetensorsFormatException(file, what + " is not an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new SafetensorsFormatException(file, what + "[" + i + "] = " + v
                        + " is not a non-negative 64-bit integer");
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** The tensors must tile the buffer exactly: sorted by offset, each starts where the previous one ended. */
    private static void checkLayout(Path file, List<Entry> entries, long bufferBytes)
            throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at) {
                throw new SafetensorsFormatException(file, "tensor '" + e.name + "' starts at byte " + e.begin
                        + " of the data, expected " + at + (e.begin < at ? " (overlaps the previous tensor)"
                        : " (a hole before it)"));
            }
            at = e.end;
        }
        if (at != bufferBytes) {
            throw new SafetensorsFormatException(file, at > bufferBytes
                    ? "the header describes " + at + " bytes of data but the file holds " + bufferBytes
                            + " (truncated?)"
                    : bufferBytes - at + " bytes after the last tensor");
        }
    }
}
