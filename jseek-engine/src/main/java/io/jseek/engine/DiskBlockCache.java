package io.jseek.engine;

import io.jseek.model.KvCacheType;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The disk tier of the prefix cache: one file per full KV block, named by its chained hash under a directory per
 * model fingerprint, so KV survives restarts and is shared by every process using the same directory and model.
 *
 * <p>File layout (little-endian): magic {@code JSKV}, format version, the values' cache type (its ggml id), model
 * fingerprint, block size, layer count, the layer widths, the block's hash and parent hash, its token ids, the
 * payload (layer by layer, {@code blockSize} rows each, as the store holds them: halves for F16, floats otherwise) and
 * a CRC32C of everything before it. A load checks all of it against what the caller expects, so a truncated,
 * corrupted, foreign-model or colliding file is a miss, never an error. Such a file is not deleted: the block is then
 * recomputed and {@link #store} overwrites it. Version 1 files (F16 values held as floats) are refused the same way,
 * with one warning per cache that says so.
 *
 * <p>Writes are write-behind: {@link #store} copies the payload on the caller's (engine) thread and queues the
 * encoding and the I/O to a single writer thread this class owns; files appear through an atomic rename, so a crash
 * never leaves a half-written entry under the final name. When the queue is full the write is dropped (it is a
 * cache). Loads are synchronous and happen on the engine thread only after the RAM tier missed.
 */
public final class DiskBlockCache implements CacheTier, AutoCloseable {
    private static final int MAGIC = 0x4A534B56; // "JSKV"
    /** 2: the cache type field, and F16 payloads as halves. */
    static final int VERSION = 2;
    private static final Logger LOG = System.getLogger(DiskBlockCache.class.getName());
    private static final Runnable STOP = () -> { };

    private final Path dir;
    private final long fingerprint;
    private final KvBlockStore store;
    private final KvLayout layout;
    private final KvCacheType type;
    private final AtomicBoolean warnedVersion = new AtomicBoolean();
    private final BlockingQueue<Runnable> queue;
    private final Thread writer;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong droppedWrites = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param cacheDir the cache directory (created if needed); entries go under a subdirectory per fingerprint
     * @param modelFingerprint identifies the weights and KV format: entries from any other fingerprint are ignored
     * @param store the blocks loads fill and stores read
     * @param maxPendingWrites queued writes beyond this are dropped
     */
    public DiskBlockCache(Path cacheDir, long modelFingerprint, KvBlockStore store, int maxPendingWrites)
            throws IOException {
        this.dir = cacheDir.resolve(HexFormat.of().toHexDigits(modelFingerprint));
        Files.createDirectories(dir);
        this.fingerprint = modelFingerprint;
        this.store = store;
        this.layout = store.layout();
        this.type = store.type();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, maxPendingWrites));
        this.writer = Thread.ofPlatform().name("jseek-kv-disk-writer").daemon().start(this::writeLoop);
    }

    @Override
    public boolean load(long hash, long parentHash, int[] tokens, int block) {
        Path file = fileFor(hash);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return false;
        } catch (IOException e) {
            rejected.incrementAndGet();
            return false;
        }
        ByteBuffer payload = decode(bytes, hash, parentHash, tokens);
        if (payload == null) {
            rejected.incrementAndGet();
            return false;
        }
        for (int l = 0; l < layout.layers(); l++) {
            store.writeBlock(block, l, payload);
        }
        hits.incrementAndGet();
        return true;
    }

    @Override
    public void store(long hash, long parentHash, int[] tokens, int block) {
        if (closed) {
            return;
        }
        ByteBuffer payload = ByteBuffer.allocate(Math.toIntExact(payloadBytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < layout.layers(); l++) {
            store.readBlock(block, l, payload);
        }
        byte[] bytes = payload.array();
        int[] ids = tokens.clone();
        if (!queue.offer(() -> write(hash, parentHash, ids, bytes))) {
            droppedWrites.incrementAndGet();
        }
    }

    /** Waits until every write queued so far is on disk (or failed). */
    public void flush() throws InterruptedException {
        if (closed) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.put(done::countDown);
        done.await();
    }

    /** Finishes the queued writes and stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Entries that existed but were unusable (corrupt, truncated, another model, a hash collision). */
    public long rejected() {
        return rejected.get();
    }

    public long writes() {
        return writes.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    public long droppedWrites() {
        return droppedWrites.get();
    }

    /** Where the entry for {@code hash} lives. */
    public Path fileFor(long hash) {
        String name = HexFormat.of().toHexDigits(hash);
        return dir.resolve(name.substring(0, 2)).resolve(name + ".kvb");
    }

    private void writeLoop() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    private void write(long hash, long parentHash, int[] tokens, byte[] payload) {
        Path file = fileFor(hash);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, encode(hash, parentHash, tokens, payload));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            writes.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failedWrites.incrementAndGet();
        }
    }

    private int headerBytes() {
        return 4 + 4 + 4 + 8 + 4 + 4 + 4 * layout.layers() + 8 + 8 + 4 * layout.blockSize();
    }

    private long payloadBytes() {
        return type.bytes(layout.blockFloatsAllLayers());
    }

    private long fileBytes() {
        return headerBytes() + payloadBytes() + 4;
    }

    private byte[] encode(long hash, long parentHash, int[] tokens, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(fileBytes())).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(VERSION).putInt(type.ggmlId()).putLong(fingerprint).putInt(layout.blockSize())
                .putInt(layout.layers());
        for (int l = 0; l < layout.layers(); l++) {
            buf.putInt(layout.width(l));
        }
        buf.putLong(hash).putLong(parentHash);
        for (int t : tokens) {
            buf.putInt(t);
        }
        buf.put(payload);
        buf.putInt(checksum(buf.array(), buf.position()));
        return buf.array();
    }

    /**
     * The payload of a valid entry for exactly this hash, parent and tokens, positioned at its first byte; null for
     * anything else.
     */
    private ByteBuffer decode(byte[] bytes, long hash, long parentHash, int[] tokens) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length >= 8 && buf.getInt(0) == MAGIC && buf.getInt(4) != VERSION) {
            warnVersion(buf.getInt(4));
            return null;
        }
        if (bytes.length != fileBytes()) {
            return null;
        }
        if (buf.getInt() != MAGIC || buf.getInt() != VERSION || buf.getInt() != type.ggmlId()
                || buf.getLong() != fingerprint || buf.getInt() != layout.blockSize()
                || buf.getInt() != layout.layers()) {
            return null;
        }
        for (int l = 0; l < layout.layers(); l++) {
            if (buf.getInt() != layout.width(l)) {
                return null;
            }
        }
        if (buf.getLong() != hash || buf.getLong() != parentHash) {
            return null;
        }
        int[] stored = new int[layout.blockSize()];
        buf.asIntBuffer().get(stored);
        buf.position(buf.position() + 4 * stored.length);
        if (!Arrays.equals(stored, tokens) || buf.getInt(bytes.length - 4) != checksum(bytes, bytes.length - 4)) {
            return null;
        }
        return buf;
    }

    /** One line per cache for entries of another format version: they are recomputed and rewritten. */
    private void warnVersion(int version) {
        if (warnedVersion.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "KV disk cache " + dir + " holds entries of format version " + version
                    + ", this jseek reads version " + VERSION + ": they are recomputed and rewritten");
        }
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
