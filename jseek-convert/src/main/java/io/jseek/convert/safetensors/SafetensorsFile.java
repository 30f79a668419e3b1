package io.jseek.convert.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;

/**
 * One memory-mapped safetensors file: the validated header and tensor views over the mapping. The tensors stay valid
 * until {@link #close()} unmaps the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final Map<String, SafeTensor> tensors;

    private SafetensorsFile(Path path, Arena arena, Map<String, SafeTensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Maps and validates {@code path}; a malformed header is a {@link SafetensorsFormatException}. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new SafetensorsFile(path, arena, SafetensorsHeader.parse(path, mapped));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The tensors by name, in header order. */
    public Map<String, SafeTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        arena.close();
    }
}
