package io.jseek.convert.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes safetensors files for tests, byte by byte from the format's definition (an 8-byte little-endian header
 * size, the JSON header, the raw data), independent of the reader under test.
 */
public final class SafetensorsTestFile {
    /** One tensor: dtype string, shape outermost first, raw little-endian bytes. */
    public record Entry(String dtype, long[] shape, byte[] data) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public SafetensorsTestFile add(String name, String dtype, long[] shape, byte[] data) {
        entries.put(name, new Entry(dtype, shape, data));
        return this;
    }

    public SafetensorsTestFile addF32(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return add(name, "F32", shape, b.array());
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The header JSON with offsets in insertion order and {@code "format": "pt"} metadata. */
    public String header() {
        StringJoiner json = new StringJoiner(",", "{", "}");
        json.add("\"__metadata__\":{\"format\":\"pt\"}");
        long at = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            StringJoiner shape = new StringJoiner(",", "[", "]");
            for (long d : e.getValue().shape()) {
                shape.add(Long.toString(d));
            }
            long end = at + e.getValue().data().length;
            json.add("\"" + e.getKey() + "\":{\"dtype\":\"" + e.getValue().dtype() + "\",\"shape\":" + shape
                    + ",\"data_offsets\":[" + at + "," + end + "]}");
            at = end;
        }
        return json.toString();
    }

    public byte[] bytes() {
        return bytes(header());
    }

    /** The file with {@code header} as its JSON (padded with spaces to 8 bytes, as the reference writer does). */
    public byte[] bytes(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        int data = entries.values().stream().mapToInt(e -> e.data().length).sum();
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        for (Entry e : entries.values()) {
            b.put(e.data());
        }
        return b.array();
    }

    public Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
