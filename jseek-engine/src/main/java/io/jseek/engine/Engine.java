package io.jseek.engine;

import io.jseek.model.Sampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serving loop: one thread owns scheduling and calls the {@link ModelRunner}; requests arrive from any thread.
 *
 * <p>All scheduler and block-manager state is guarded by one lock. The loop holds it to plan a step and to book the
 * results (sampling, events), and releases it while the runner computes, so {@link #submit} and {@link #cancel} never
 * wait for a forward pass. A cancel frees the sequence's blocks at once, even mid-step: that is safe because blocks
 * are only handed out again by the next {@link Scheduler#schedule()}, which runs on the loop thread after the runner
 * has returned, and because the blocks the runner may still be writing for the cancelled sequence are not in the
 * prefix cache (only computed full blocks are registered, and results of finished sequences are skipped).
 *
 * <p>Each request's events reach its {@link EventSink} under the lock, so a cancel's {@code Finished} can never
 * overtake a token. The engine does not own the runner, the KV store or the cache tier: the caller closes them after
 * {@link #close()}.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final ModelRunner runner;
    private final Scheduler scheduler;
    private final BlockManager blocks;
    private final int contextLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Map<Long, ActiveRequest> active = new HashMap<>();
    private long nextId = 1;
    private long prefillTokens;
    private long generatedTokens;
    private long steps;
    private long rejected;
    private boolean closed;
    private Throwable loopFailure;
    private Thread loop;

    /**
     * @param config limits
     * @param runner executes steps; its KV lives in a store laid out as {@code layout}
     * @param layout the block geometry of the runner's KV store
     * @param tier the prefix cache's second tier ({@link CacheTier#NONE} or a {@link DiskBlockCache})
     */
    public Engine(EngineConfig config, ModelRunner runner, KvLayout layout, CacheTier tier) {
        this.config = config;
        this.runner = runner;
        this.blocks = new BlockManager(layout.numBlocks(), layout.blockSize(), tier);
        this.scheduler = new Scheduler(blocks, config.maxRunning(), config.maxWaiting(), config.tokenBudget());
        this.contextLimit = (int) Math.min(config.maxContext(), layout.capacityTokens());
    }

    /** Starts the loop thread; from then on steps run by themselves. */
    public void start() {
        lock.lock();
        try {
            if (loop != null || closed) {
                throw new IllegalStateException(closed ? "engine closed" : "engine already started");
            }
            loop = Thread.ofPlatform().name("jseek-engine").daemon().start(this::runLoop);
        } finally {
            lock.unlock();
        }
    }

    /** Positions one sequence may use: the configured context, capped by the KV pool. */
    public int contextLimit() {
        return contextLimit;
    }

    /**
     * Queues a request; events go to {@code sink}.
     *
     * @return the request id (for {@link #cancel} and {@link #stop})
     * @throws RequestRejectedException when the queue is full, the prompt cannot fit the context, the request is
     *     invalid or the engine is closed
     */
    public long submit(Request request, EventSink sink) throws RequestRejectedException {
        int[] prompt = request.prompt();
        lock.lock();
        try {
            Sampler sampler = validate(request, prompt);
            int room = contextLimit - prompt.length;
            int maxTokens = request.maxTokens() > 0 ? Math.min(request.maxTokens(), room) : room;
            Sequence seq = new Sequence(nextId, prompt, maxTokens);
            if (!scheduler.add(seq)) {
                rejected++;
                int retry = 1 + scheduler.waitingCount() / config.maxRunning();
                throw new RequestRejectedException(RequestRejectedException.Kind.QUEUE_FULL,
                        "the queue is full (" + config.maxWaiting() + " waiting)", retry);
            }
            nextId++;
            RawLogprobs logprobs = request.wantsLogprobs() ? new RawLogprobs(request.topLogprobs(),
                    runner.vocabSize(), request.logitsProcessor() != null) : null;
            active.put(seq.id(), new ActiveRequest(seq, sampler, request.stopTokens(), sink,
                    request.logitsProcessor(), logprobs));
            workArrived.signal();
            return seq.id();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a request with {@link FinishReason#CANCELLED} and frees its KV blocks now; false if it had ended. */
    public boolean cancel(long requestId) {
        return end(requestId, FinishReason.CANCELLED);
    }

    /** Ends a request with {@link FinishReason#STOP} (a stop string matched); false if it had ended. */
    public boolean stop(long requestId) {
        return end(requestId, FinishReason.STOP);
    }

    /**
     * Runs one step on the calling thread: for tests and single-threaded embedding, never together with
     * {@link #start()}.
     *
     * @return false when there was nothing to run
     */
    public boolean runStep() {
        lock.lock();
        try {
            if (loop != null) {
                throw new IllegalStateException("the loop thread is running");
            }
        } finally {
            lock.unlock();
        }
        return step(false);
    }

    public EngineMetrics metrics() {
        lock.lock();
        try {
            return new EngineMetrics(scheduler.runningCount(), scheduler.waitingCount(), blocks.usage(),
                    blocks.totalBlocks(), blocks.cachedBlocks(), scheduler.prefixQueryTokens(),
                    scheduler.prefixHitTokens(), scheduler.prefixQueryTokens(), prefillTokens, generatedTokens, steps,
                    scheduler.preemptions(), rejected);
        } finally {
            lock.unlock();
        }
    }

    /** Cancels every request still live, then stops the loop thread. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (ActiveRequest r : List.copyOf(active.values())) {
                finish(r, FinishReason.CANCELLED, null, null);
            }
            workArrived.signalAll();
            t = loop;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The scheduler, for tests that inspect queues and blocks (take the engine's word that it is quiescent). */
    Scheduler scheduler() {
        return scheduler;
    }

    private Sampler validate(Request request, int[] prompt) throws RequestRejectedException {
        if (closed) {
            throw reject(RequestRejectedException.Kind.SHUT_DOWN, loopFailure == null ? "the engine is shutting down"
                    : "the engine stopped after a failure: " + loopFailure);
        }
        if (prompt.length == 0) {
            throw reject(RequestRejectedException.Kind.INVALID, "the prompt is empty");
        }
        if (prompt.length >= contextLimit) {
            throw reject(RequestRejectedException.Kind.CONTEXT_TOO_LONG, "the prompt has " + prompt.length
                    + " tokens; the context holds " + contextLimit + " including at least one completion token");
        }
        for (int t : prompt) {
            if (t < 0 || t >= runner.vocabSize()) {
                throw reject(RequestRejectedException.Kind.INVALID, "token " + t + " is outside the vocabulary");
            }
        }
        try {
            return new Sampler(request.sampling(), runner.vocabSize());
        } catch (IllegalArgumentException e) {
            throw reject(RequestRejectedException.Kind.INVALID, e.getMessage());
        }
    }

    private RequestRejectedException reject(RequestRejectedException.Kind kind, String message) {
        rejected++;
        return new RequestRejectedException(kind, message, 0);
    }

    private boolean end(long requestId, FinishReason reason) {
        lock.lock();
        try {
            ActiveRequest r = active.get(requestId);
            if (r == null) {
                return false;
            }
            finish(r, reason, null, null);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void runLoop() {
        try {
            boolean more;
            do {
                more = step(true);
            } while (more);
        } catch (RuntimeException | Error e) {
            // every live request gets the failure with its cause, and later submissions are refused naming it
            failEverything(e);
        }
    }

    /** Plans, executes and books one step; when {@code wait}, first waits for work. False once nothing is left. */
    private boolean step(boolean wait) {
        StepPlan plan = plan(wait);
        if (plan == null) {
            return false;
        }
        if (plan.isEmpty()) {
            return wait;
        }
        Map<Long, float[]> logits;
        try {
            logits = runner.execute(plan);
        } catch (RuntimeException e) {
            failPlan(plan, e);
            return true;
        }
        lock.lock();
        try {
            book(plan, logits);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** The next plan; null when closed, or when not waiting and there is no work. */
    private StepPlan plan(boolean wait) {
        lock.lock();
        try {
            while (wait && !closed && !scheduler.hasWork()) {
                workArrived.awaitUninterruptibly();
            }
            if (closed || !scheduler.hasWork()) {
                return null;
            }
            StepPlan plan = scheduler.schedule();
            if (plan.isEmpty() && wait) {
                // Nothing fits although work is queued (cannot happen with validated requests); do not spin hot.
                workArrived.await(10, TimeUnit.MILLISECONDS);
            }
            return plan;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Books a step: KV and prefix cache first, then one sampled token per sampling sequence. */
    private void book(StepPlan plan, Map<Long, float[]> logits) {
        steps++;
        for (PrefillChunk c : plan.prefills()) {
            prefillTokens += c.tokens().length;
        }
        List<Sequence> sampling = scheduler.completeStep(plan);
        for (Sequence s : sampling) {
            ActiveRequest r = active.get(s.id());
            if (r == null) {
                continue; // a sink ended it while an earlier sequence's events were delivered
            }
            float[] l = logits == null ? null : logits.get(s.id());
            if (l == null || l.length != runner.vocabSize()) {
                finish(r, FinishReason.ERROR, "the model runner returned no logits for sequence " + s.id(), null);
                continue;
            }
            sample(r, l);
        }
    }

    /**
     * Samples one token: raw logprobs first, then the request's logits processor (which may edit the runner's array
     * in place: the runner refills it next step), the sampler, and the processor's accept.
     */
    private void sample(ActiveRequest r, float[] logits) {
        Sequence s = r.sequence();
        if (r.logprobs() != null) {
            r.logprobs().capture(logits);
        }
        int token;
        try {
            if (r.processor() != null) {
                r.processor().process(logits, 0, logits.length);
            }
            token = r.sampler().sample(logits, s.tokenArray(), s.length());
            if (r.processor() != null) {
                r.processor().accept(token);
            }
        } catch (RuntimeException e) {
            finish(r, FinishReason.ERROR, "the logits processor failed: " + e, e);
            return;
        }
        if (r.stopTokens().contains(token)) {
            finish(r, FinishReason.STOP, null, null);
            return;
        }
        s.appendToken(token);
        generatedTokens++;
        if (!deliver(r, tokenEvent(r, token, logits))) {
            return;
        }
        if (s.completionLength() >= s.maxCompletionTokens()) {
            finish(r, FinishReason.LENGTH, null, null);
        }
    }

    private static EngineEvent.Token tokenEvent(ActiveRequest r, int token, float[] logits) {
        Sequence s = r.sequence();
        RawLogprobs lp = r.logprobs();
        if (lp == null) {
            return new EngineEvent.Token(s.id(), token, s.completionLength() - 1);
        }
        return new EngineEvent.Token(s.id(), token, s.completionLength() - 1, lp.sampled(token, logits),
                lp.alternatives());
    }

    /** Hands an event to the sink; a sink that throws is a client gone away, and its request is cancelled. */
    private boolean deliver(ActiveRequest r, EngineEvent event) {
        try {
            r.sink().accept(event);
            return true;
        } catch (RuntimeException e) {
            if (!(event instanceof EngineEvent.Finished)) {
                finish(r, FinishReason.CANCELLED, null, null);
            }
            return false;
        }
    }

    private void finish(ActiveRequest r, FinishReason reason, String error, Throwable cause) {
        Sequence s = r.sequence();
        if (!scheduler.finish(s, reason)) {
            return;
        }
        active.remove(s.id());
        int hit = Math.max(0, s.cacheHitTokens());
        Usage usage = new Usage(s.promptLength(), hit, s.promptLength() - hit, s.completionLength());
        deliver(r, new EngineEvent.Finished(s.id(), reason, usage, error, cause));
    }

    private void failPlan(StepPlan plan, RuntimeException e) {
        String error = "model runner failed: " + e;
        lock.lock();
        try {
            for (PrefillChunk c : plan.prefills()) {
                failOne(c.sequenceId(), error, e);
            }
            for (DecodeStep d : plan.decodes()) {
                failOne(d.sequenceId(), error, e);
            }
        } finally {
            lock.unlock();
        }
    }

    private void failOne(long id, String error, Throwable cause) {
        ActiveRequest r = active.get(id);
        if (r != null) {
            finish(r, FinishReason.ERROR, error, cause);
        }
    }

    private void failEverything(Throwable e) {
        lock.lock();
        try {
            closed = true;
            loopFailure = e;
            for (ActiveRequest r : List.copyOf(active.values())) {
                finish(r, FinishReason.ERROR, "engine loop failed: " + e, e);
            }
        } finally {
            lock.unlock();
        }
    }
}
