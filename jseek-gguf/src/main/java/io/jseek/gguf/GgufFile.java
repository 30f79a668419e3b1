package io.jseek.gguf;

import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GGUF model, memory-mapped: metadata, tensor infos and tensor data as {@link MemorySegment} slices.
 *
 * <p>Opening maps each file with FFM and parses only the header, so a 100 GB model opens in milliseconds and
 * nothing but metadata lands on the heap. A split model ({@code NAME-00001-of-0000N.gguf}) opens from any of
 * its parts: metadata come from the first part, tensors from all. The mapping lives until {@link #close()};
 * tensor segments must not be used after that.
 */
public final class GgufFile implements AutoCloseable {
    private static final Pattern SPLIT = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf");

    private final Path path;
    private final Arena arena;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, GgufValueType> types;
    private final Map<String, GgufValueType> elementTypes;
    private final Map<String, GgufTensor> tensors;
    private final List<Path> parts;
    private final List<MemorySegment> mappings;
    private final long totalBytes;

    private GgufFile(Path path, Arena arena, List<Path> parts, List<MemorySegment> mappings,
                     List<GgufParser.Part> parsed, long totalBytes) throws GgufFormatException {
        this.path = path;
        this.arena = arena;
        this.parts = List.copyOf(parts);
        this.mappings = List.copyOf(mappings);
        this.totalBytes = totalBytes;
        GgufParser.Part first = parsed.getFirst();
        this.version = first.version();
        this.metadata = first.metadata();
        this.types = first.types();
        this.elementTypes = first.elementTypes();
        Map<String, GgufTensor> all = new LinkedHashMap<>();
        for (int i = 0; i < parsed.size(); i++) {
            for (GgufTensor t : parsed.get(i).tensors()) {
                if (all.putIfAbsent(t.name(), t) != null) {
                    throw new GgufFormatException(parts.get(i), "tensor '" + t.name() + "' is also in another part");
                }
            }
        }
        this.tensors = Collections.unmodifiableMap(all);
    }

    /** Opens a GGUF file, or all parts of a split model when {@code path} names one part. */
    public static GgufFile open(Path path) throws IOException {
        List<Path> parts = partsOf(path);
        Arena arena = Arena.ofShared();
        try {
            List<GgufParser.Part> parsed = new ArrayList<>();
            List<MemorySegment> mappings = new ArrayList<>();
            long total = 0;
            for (Path part : parts) {
                MemorySegment mapped = map(part, arena);
                mappings.add(mapped);
                total += mapped.byteSize();
                parsed.add(GgufParser.parse(part, mapped));
            }
            checkSplitCount(parts, parsed);
            return new GgufFile(parts.getFirst(), arena, parts, mappings, parsed, total);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Locks every part of the file in RAM ({@code mlock}), so that the OS cannot reclaim the weights' pages and
     * re-read them from disk later; an {@link IOException} says why where it refuses (the memlock limit).
     */
    public void lockInMemory() throws IOException {
        for (int i = 0; i < mappings.size(); i++) {
            MemoryLock.lock(parts.get(i), mappings.get(i));
        }
    }

    private static MemorySegment map(Path part, Arena arena) throws IOException {
        if (Files.isDirectory(part)) {
            throw new IOException(part + " is a folder, not a GGUF file");
        }
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new GgufFormatException(part, "empty file");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(part.toString(), null, "no such GGUF file");
        }
    }

    private static List<Path> partsOf(Path path) throws IOException {
        Matcher m = SPLIT.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return List.of(path);
        }
        int count = Integer.parseInt(m.group(3));
        if (count < 1) {
            throw new GgufFormatException(path, "split count 0 in file name");
        }
        List<Path> parts = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Path part = path.resolveSibling(String.format("%s-%05d-of-%05d.gguf", m.group(1), i, count));
            if (!Files.exists(part)) {
                throw new GgufFormatException(path, "split part " + part.getFileName() + " is missing");
            }
            parts.add(part);
        }
        return parts;
    }

    private static void checkSplitCount(List<Path> parts, List<GgufParser.Part> parsed) throws GgufFormatException {
        Object declared = parsed.getFirst().metadata().get("split.count");
        if (declared instanceof Number n && n.intValue() > 0 && n.intValue() != parts.size()) {
            throw new GgufFormatException(parts.getFirst(),
                    "split.count is " + n + " but the file name says " + parts.size() + " parts");
        }
    }

    /** The first (or only) file. */
    public Path path() {
        return path;
    }

    /** All files of the model, in part order. */
    public List<Path> parts() {
        return parts;
    }

    /** Bytes of all parts together. */
    public long fileBytes() {
        return totalBytes;
    }

    public int version() {
        return version;
    }

    /**
     * Metadata in file order. Values: STRING as String, BOOL as Boolean, 8/16-bit integers and INT32 as Integer,
     * UINT32 and 64-bit integers as Long, FLOAT32 as Float, FLOAT64 as Double; arrays as String[], int[] (integers
     * up to 32 bits, UINT32 excepted), long[] (UINT32 and 64-bit), float[], double[] or boolean[].
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The stored type of a key's value, or empty. For arrays this is {@link GgufValueType#ARRAY}. */
    public Optional<GgufValueType> typeOf(String key) {
        return Optional.ofNullable(types.get(key));
    }

    /** The stored element type of an array value, or empty when the key is absent or not an array. */
    public Optional<GgufValueType> elementTypeOf(String key) {
        return Optional.ofNullable(elementTypes.get(key));
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public Optional<String> findString(String key) throws GgufFormatException {
        return Optional.ofNullable(typed(key, String.class, "a string"));
    }

    public String getString(String key) throws GgufFormatException {
        return required(key, findString(key).orElse(null));
    }

    /** An integer value of any width. */
    public OptionalLong findLong(String key) throws GgufFormatException {
        Object v = metadata.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Integer || v instanceof Long) {
            return OptionalLong.of(((Number) v).longValue());
        }
        throw wrongType(key, "an integer");
    }

    public long getLong(String key) throws GgufFormatException {
        OptionalLong v = findLong(key);
        if (v.isEmpty()) {
            throw missing(key);
        }
        return v.getAsLong();
    }

    /** A float value, FLOAT32 or FLOAT64. */
    public Optional<Double> findDouble(String key) throws GgufFormatException {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Float || v instanceof Double) {
            return Optional.of(((Number) v).doubleValue());
        }
        throw wrongType(key, "a float");
    }

    public Optional<Boolean> findBoolean(String key) throws GgufFormatException {
        return Optional.ofNullable(typed(key, Boolean.class, "a bool"));
    }

    public String[] getStringArray(String key) throws GgufFormatException {
        return required(key, typed(key, String[].class, "an array of strings"));
    }

    /** An array of integers of up to 32 bits (UINT32 included, which must fit in an int). */
    public int[] getIntArray(String key) throws GgufFormatException {
        Object v = required(key, metadata.get(key));
        if (v instanceof int[] a) {
            return a;
        }
        if (v instanceof long[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i] != (int) a[i]) {
                    throw new GgufFormatException(path, "metadata '" + key + "' element " + i + " overflows an int");
                }
                out[i] = (int) a[i];
            }
            return out;
        }
        throw wrongType(key, "an array of integers");
    }

    public float[] getFloatArray(String key) throws GgufFormatException {
        return required(key, typed(key, float[].class, "an array of FLOAT32"));
    }

    /**
     * A per-layer integer such as {@code head_count}: files store either one value for all layers or an array
     * with one value per layer. Returns {@code layers} values, or empty when the key is absent.
     */
    public Optional<int[]> findPerLayer(String key, int layers) throws GgufFormatException {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.getClass().isArray()) {
            int[] a = getIntArray(key);
            if (a.length != layers) {
                throw new GgufFormatException(path, "metadata '" + key + "' has " + a.length
                        + " values for " + layers + " layers");
            }
            return Optional.of(a);
        }
        int[] a = new int[layers];
        java.util.Arrays.fill(a, Math.toIntExact(getLong(key)));
        return Optional.of(a);
    }

    /** Tensors in file order (parts in order). */
    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    public Optional<GgufTensor> findTensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public GgufTensor tensor(String name) throws GgufFormatException {
        GgufTensor t = tensors.get(name);
        if (t == null) {
            throw new GgufFormatException(path, "tensor '" + name + "' is missing");
        }
        return t;
    }

    /** Total tensor bytes per type, the file's quant mix. */
    public Map<GgmlType, Long> bytesByType() {
        Map<GgmlType, Long> mix = new java.util.EnumMap<>(GgmlType.class);
        for (GgufTensor t : tensors.values()) {
            mix.merge(t.type(), t.byteSize(), Long::sum);
        }
        return mix;
    }

    @Override
    public void close() {
        arena.close();
    }

    private <T> T typed(String key, Class<T> type, String expected) throws GgufFormatException {
        Object v = metadata.get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw wrongType(key, expected);
        }
        return type.cast(v);
    }

    private <T> T required(String key, T value) throws GgufFormatException {
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    private GgufFormatException missing(String key) {
        return new GgufFormatException(path, "metadata key '" + key + "' is missing");
    }

    private GgufFormatException wrongType(String key, String expected) {
        return new GgufFormatException(path, "metadata key '" + key + "' is " + types.get(key) + ", expected "
                + expected);
    }
}
