package io.jseek.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a temporary name and deleted unless committed: on an exception ({@link #close()}) and on
 * Ctrl-C or SIGTERM (a shutdown hook), so that an interrupted conversion leaves nothing half-written.
 */
public final class PartialFile implements AutoCloseable {
    private final Path path;
    private final Thread cleanup;

    /** {@code target} with {@code suffix} appended (for example {@code ".partial"}). */
    public PartialFile(Path target, String suffix) {
        this.path = target.toAbsolutePath().resolveSibling(target.getFileName() + suffix);
        this.cleanup = new Thread(this::delete);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    public Path path() {
        return path;
    }

    /** Renames the finished file to {@code target}. */
    public void commit(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it deletes the file itself
        }
    }
}
