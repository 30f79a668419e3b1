package io.jseek.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of platform threads that split one data-parallel loop (the rows of a mat-vec, the heads of an
 * attention) into chunks. The calling thread works too, so {@code threads = 1} means no extra thread at all.
 *
 * <p>Design: one job at a time. The caller publishes the job in plain fields, then a volatile ticket that holds the
 * job's generation (high 32 bits) and the number of chunks nobody has claimed yet (low 32 bits); threads claim chunks
 * by decrementing the ticket with a CAS, and the caller waits until every chunk is <em>done</em>, not until every
 * worker has reported back. Why: on a busy machine a worker may not be scheduled for milliseconds; the caller then
 * runs all the chunks itself and goes on, and the late worker finds the ticket drained (or a newer generation) and
 * does nothing, instead of every job of a forward pass waiting for a descheduled thread. A claimed chunk's fields are
 * read only after the claim, and the caller cannot publish the next job before that chunk is done, so they are the
 * job's own. Workers spin briefly before parking, because a forward pass dispatches jobs back to back.
 *
 * <p>Dispatch allocates nothing, so it can sit in the per-token loop: callers pass {@link RangeTask}s they created
 * once. Never the common ForkJoinPool: inference threads must not compete with unrelated parallel streams.
 */
public final class ComputePool implements AutoCloseable {

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private static final int SPINS = 1 << 13;
    private static final long PARALLEL_MIN_WORK = 1 << 15;
    private static final long CHUNK_WORK = 1 << 18;
    private static final long UNCLAIMED = 0xffff_ffffL;
    /** Rows per tile of the native int8 kernels (16 with AVX-512, 8 with AVX2); row chunks are multiples of it. */
    private static final int ROW_TILE = 16;

    private final int threads;
    private final Thread[] workers;
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile Thread caller;
    private int generation;
    private RangeTask task;
    private int count;
    private int grain;
    private int chunks;

    /** A pool of {@code threads} threads in all: the caller plus {@code threads - 1} daemon workers. */
    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("jseek-compute-" + (i + 1)).start(this::workerLoop);
        }
    }

    /** The default thread count: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code rows} mat-vec rows that cost {@code work} multiply-adds in all: on the calling
     * thread alone below {@value #PARALLEL_MIN_WORK} (a dispatch would cost more), otherwise in chunks of about
     * {@value #CHUNK_WORK} multiply-adds, at least four and at most sixteen per thread, so that a thread descheduled
     * mid-job leaves a small remainder to the others. Chunks are whole multiples of {@value #ROW_TILE} rows, the row
     * tile of the native int8 kernels (a chunk that ended mid-tile would make them compute the tile's rows twice).
     */
    public void forRows(int rows, long work, RangeTask task) {
        if (threads == 1 || work < PARALLEL_MIN_WORK) {
            task.run(0, rows);
        } else {
            long chunks = Math.clamp(work / CHUNK_WORK, threads * 4L, threads * 16L);
            long grain = (rows + chunks - 1) / chunks;
            forRange(rows, (int) ((grain + ROW_TILE - 1) / ROW_TILE * ROW_TILE), task);
        }
    }

    /** Runs {@code task} over {@code [0, count)} in chunks of {@code grain}, on all threads; returns when done. */
    public synchronized void forRange(int count, int grain, RangeTask task) {
        if (closed) {
            throw new IllegalStateException("compute pool is closed");
        }
        if (workers.length == 0 || count <= grain) {
            task.run(0, count);
            return;
        }
        this.task = task;
        this.count = count;
        this.grain = grain;
        this.chunks = (count + grain - 1) / grain;
        this.caller = Thread.currentThread();
        this.failure = null;
        done.set(0);
        int g = ++generation;
        ticket.set(((long) g << 32) | chunks);
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        runChunks(g);
        awaitChunks();
        this.task = null;
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("compute task failed: " + t, t);
        }
    }

    /** Claims and runs chunks of job {@code g} until none is left. */
    private void runChunks(int g) {
        while (true) {
            long t = ticket.get();
            int left = (int) (t & UNCLAIMED);
            if ((int) (t >>> 32) != g || left == 0) {
                return;
            }
            if (!ticket.compareAndSet(t, t - 1)) {
                continue;
            }
            int from = (chunks - left) * grain;
            try {
                task.run(from, Math.min(count, from + grain));
            } catch (Throwable e) {
                failure = e;
            }
            Thread c = caller;
            if (done.incrementAndGet() == chunks && c != Thread.currentThread()) {
                LockSupport.unpark(c);
            }
        }
    }

    private void awaitChunks() {
        int spins = 0;
        while (done.get() != chunks) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    private void workerLoop() {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = (int) (ticket.get() >>> 32)) == seen) {
                if (closed) {
                    return;
                }
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            runChunks(g);
        }
    }

    /** Stops the workers; the pool cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
