package io.jseek.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The generations in progress, for a graceful shutdown: once {@link #drain} starts, new requests are refused (503),
 * running ones get until the timeout to finish, and what is left is cancelled so that its stream ends cleanly
 * rather than being cut by the socket closing.
 */
public final class InFlight {
    private final Set<GenerationHandle> handles = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();
    private volatile boolean draining;

    public InFlight() {
        // Nothing to set up: an empty set, not draining.
    }

    public boolean draining() {
        return draining;
    }

    public void add(GenerationHandle handle) {
        handles.add(handle);
    }

    public void remove(GenerationHandle handle) {
        handles.remove(handle);
        lock.lock();
        try {
            emptied.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return handles.size();
    }

    /** Refuses new work, waits up to {@code timeout} for the running requests, cancels the rest and waits again. */
    public void drain(Duration timeout) {
        draining = true;
        if (!awaitEmpty(timeout)) {
            handles.forEach(GenerationHandle::cancel);
            awaitEmpty(Duration.ofSeconds(5));
        }
    }

    private boolean awaitEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!handles.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                emptied.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return handles.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
