package io.jseek.model;

import io.jseek.model.ops.ActivationPrecision;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.VectorWidth;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of platform threads that split one data-parallel loop (the rows of a mat-vec, the heads of an
 * attention) into chunks. The calling thread works too, so {@code threads = 1} means no extra thread at all.
 *
 * <p>Design: one job at a time. The caller publishes the job in plain fields, bumps the volatile {@code generation}
 * and unparks the workers; everybody claims chunks from an atomic counter; the caller then waits until every worker
 * has reported back. Workers spin briefly before parking, because a forward pass dispatches jobs back to back.
 * Dispatch allocates nothing, so it can sit in the per-token loop: callers pass {@link RangeTask}s they created once.
 * Never the common ForkJoinPool: inference threads must not compete with unrelated parallel streams.
 */
public final class ComputePool implements AutoCloseable {

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Below this many multiply-adds a mat-vec runs on the calling thread only. */
    private static final long PARALLEL_MIN_WORK = 1 << 15;
    private static final int SPINS = 1 << 12;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private final MatVecTask matVec = new MatVecTask();
    private float[] rounded = new float[0];
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Thread caller;
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
     * {@code out[r] = w[r] · x} for {@code r < rows}; {@code w} is a {@code rows x cols} matrix. In llama.cpp mode
     * ({@link ActivationPrecision}) {@code x} is first rounded to the weight's dot type, into a scratch row.
     */
    public void matVec(FloatTensor w, float[] x, float[] out, int rows, int cols) {
        synchronized (this) {
            // llama.cpp rounds the activation to the weight's dot type first (ActivationPrecision)
            if (ActivationPrecision.rounds(w.type())) {
                if (rounded.length < cols) {
                    rounded = new float[cols];
                }
                x = ActivationPrecision.round(w.type(), x, cols, rounded);
            }
            if (threads == 1 || (long) rows * cols < PARALLEL_MIN_WORK) {
                w.matVec(x, out, cols, 0, rows, VectorWidth.DEFAULT);
                return;
            }
            matVec.set(w, x, out, cols);
            forRange(rows, Math.max(1, rows / (threads * 4)), matVec);
            matVec.set(null, null, null, 0);
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
        nextChunk.set(0);
        busyWorkers.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        runChunks();
        awaitWorkers();
        this.task = null;
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("compute task failed: " + t, t);
        }
    }

    private void runChunks() {
        try {
            int c;
            while ((c = nextChunk.getAndIncrement()) < chunks) {
                int from = c * grain;
                task.run(from, Math.min(count, from + grain));
            }
        } catch (Throwable t) {
            failure = t;
            nextChunk.set(chunks);
        }
    }

    private void awaitWorkers() {
        int spins = 0;
        while (busyWorkers.get() != 0) {
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
            while ((g = generation) == seen) {
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
            runChunks();
            if (busyWorkers.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
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

    /** The reusable mat-vec job (one per pool, so dispatch allocates nothing). */
    private static final class MatVecTask implements RangeTask {
        private FloatTensor w;
        private float[] x;
        private float[] out;
        private int cols;

        void set(FloatTensor w, float[] x, float[] out, int cols) {
            this.w = w;
            this.x = x;
            this.out = out;
            this.cols = cols;
        }

        @Override
        public void run(int from, int to) {
            w.matVec(x, out, cols, from, to, VectorWidth.DEFAULT);
        }
    }
}
