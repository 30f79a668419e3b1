package io.jseek.model;

/**
 * The Java heap could not hold a sequence's KV cache as it grew: the context asked for is larger than the memory
 * given to the JVM. Thrown instead of the {@link OutOfMemoryError}, so callers can say what to change.
 */
public final class KvCacheMemoryException extends RuntimeException {
    private final int positions;
    private final long bytes;

    public KvCacheMemoryException(int positions, long bytesPerPosition) {
        super(String.format(java.util.Locale.ROOT,
                "out of memory growing the KV cache to %d positions (%.1f MiB); use a smaller context length or a"
                        + " larger Java heap (-Xmx)", positions, positions * bytesPerPosition / (1024.0 * 1024.0)));
        this.positions = positions;
        this.bytes = positions * bytesPerPosition;
    }

    /** The positions the cache was growing to. */
    public int positions() {
        return positions;
    }

    /** The heap bytes the cache would have needed. */
    public long bytes() {
        return bytes;
    }
}
