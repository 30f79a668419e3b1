package io.jseek.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Locks mapped model bytes in RAM with the C library's {@code mlock(2)}, called through FFM (no native library of
 * our own), as llama.cpp's {@code --mlock} does.
 *
 * <p>Why: weights are file-backed pages, and the kernel may reclaim those it sees as cold (under memory pressure, or
 * proactively: DAMON's {@code pageout} scheme). A MoE model touches most experts rarely, so its experts are exactly
 * the pages that go, and every routed token then re-reads them from disk. Locked pages stay.
 */
final class MemoryLock {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle MLOCK = LINKER.defaultLookup().find("mlock")
            .map(f -> LINKER.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno")))
            .orElse(null);

    private MemoryLock() {
    }

    /** Locks {@code mapped} (the mapping of {@code file}) in RAM; a clear error where the OS refuses. */
    static void lock(Path file, MemorySegment mapped) throws IOException {
        if (MLOCK == null) {
            throw new IOException("cannot lock " + file + " in memory: this C library has no mlock");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) MLOCK.invokeExact(state, mapped, mapped.byteSize());
            if (rc != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new IOException("cannot lock " + file + " (" + mapped.byteSize() + " bytes) in memory: mlock "
                        + "failed with errno " + errno + (errno == 12 || errno == 1
                        ? " (the memlock limit is too low: raise `ulimit -l`, or run without --mlock)" : ""));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot lock " + file + " in memory: " + t, t);
        }
    }
}
