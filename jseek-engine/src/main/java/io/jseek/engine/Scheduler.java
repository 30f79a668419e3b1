package io.jseek.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Continuous batching: decides, step by step, which sequences compute which tokens. It never touches a tensor.
 *
 * <p>Each {@link #schedule()} builds one batch within a token budget, in three passes over FIFO queues:
 * <ol>
 *   <li>every decoding sequence gets its one token, so a long prefill can never stall running streams; when a decode
 *       needs a block and none is free, the youngest running sequence is preempted (its blocks freed, its KV to be
 *       recomputed) until the block fits, which may be the decoding sequence itself;</li>
 *   <li>sequences already prefilling get the next chunk of their prompt, oldest first, from what the budget left;</li>
 *   <li>waiting sequences are admitted in arrival order while the batch, the budget and the block pool allow; the
 *       head of the queue is never overtaken (strict FIFO), and nobody is admitted in a step that preempted.</li>
 * </ol>
 * Admission allocates blocks for the whole prompt at once (reusing cached prefix blocks), so a prefill never needs
 * blocks midway; only decodes grow a sequence. The budget must be at least the number of running sequences, so
 * prefills always progress once decodes are served.
 *
 * <p>Not thread-safe: the engine calls it under its lock.
 */
public final class Scheduler {
    private final BlockManager blocks;
    private final int maxRunning;
    private final int maxWaiting;
    private final int tokenBudget;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>(); // admission order, oldest first
    private final Map<Long, Sequence> live = new HashMap<>();
    private long prefixQueryTokens;
    private long prefixHitTokens;
    private long preemptions;

    /**
     * @param blocks the block pool
     * @param maxRunning sequences in the running batch at most ({@code --parallel})
     * @param maxWaiting queued sequences at most ({@code --queue}); {@link #add} refuses beyond it
     * @param tokenBudget tokens per step at most (decodes plus prefill chunks); at least {@code maxRunning}
     */
    public Scheduler(BlockManager blocks, int maxRunning, int maxWaiting, int tokenBudget) {
        if (maxRunning < 1 || maxWaiting < 0 || tokenBudget < maxRunning) {
            throw new IllegalArgumentException("need maxRunning >= 1, maxWaiting >= 0 and tokenBudget >= maxRunning");
        }
        this.blocks = blocks;
        this.maxRunning = maxRunning;
        this.maxWaiting = maxWaiting;
        this.tokenBudget = tokenBudget;
    }

    /** Queues a new sequence; false when the waiting queue is full. */
    public boolean add(Sequence seq) {
        if (seq.state() != SequenceState.WAITING || seq.blockCount() != 0 || live.containsKey(seq.id())) {
            throw new IllegalArgumentException("not a new sequence: " + seq);
        }
        if (waiting.size() >= maxWaiting) {
            return false;
        }
        waiting.addLast(seq);
        live.put(seq.id(), seq);
        return true;
    }

    /** The live (not finished) sequence with this id, or null. */
    public Sequence get(long id) {
        return live.get(id);
    }

    public boolean hasWork() {
        return !running.isEmpty() || !waiting.isEmpty();
    }

    /** Plans the next step; an empty plan when there is nothing to do (or nothing fits yet). */
    public StepPlan schedule() {
        List<DecodeStep> decodes = new ArrayList<>();
        List<PrefillChunk> prefills = new ArrayList<>();
        List<Long> preempted = new ArrayList<>();
        int budget = tokenBudget - planDecodes(decodes, preempted);
        budget = planRunningPrefills(prefills, budget);
        if (preempted.isEmpty()) {
            admit(prefills, budget);
        }
        return new StepPlan(prefills, decodes, preempted);
    }

    /**
     * Books the step's results: KV now computed, newly full blocks registered in the prefix cache, finished prefills
     * moved to decoding. Sequences finished meanwhile (cancelled) are skipped.
     *
     * @return the sequences that need a token sampled, in plan order
     */
    public List<Sequence> completeStep(StepPlan plan) {
        List<Sequence> sampling = new ArrayList<>();
        for (PrefillChunk c : plan.prefills()) {
            Sequence s = live.get(c.sequenceId());
            if (s == null) {
                continue;
            }
            s.setComputedTokens(c.endPos());
            blocks.commitComputed(s);
            if (c.samples()) {
                s.moveTo(SequenceState.DECODING);
                sampling.add(s);
            }
        }
        for (DecodeStep d : plan.decodes()) {
            Sequence s = live.get(d.sequenceId());
            if (s == null) {
                continue;
            }
            s.setComputedTokens(d.position() + 1);
            blocks.commitComputed(s);
            sampling.add(s);
        }
        return sampling;
    }

    /** Ends {@code seq} wherever it is and frees its blocks at once; false when it had already finished. */
    public boolean finish(Sequence seq, FinishReason reason) {
        if (seq.isFinished()) {
            return false;
        }
        waiting.remove(seq);
        running.remove(seq);
        live.remove(seq.id());
        blocks.free(seq);
        seq.finish(reason);
        return true;
    }

    public int runningCount() {
        return running.size();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Running sequences, oldest first (a copy). */
    public List<Sequence> running() {
        return List.copyOf(running);
    }

    /** Waiting sequences, next to admit first (a copy). */
    public List<Sequence> waiting() {
        return List.copyOf(waiting);
    }

    /** Prompt tokens looked up in the prefix cache (first admission of each sequence). */
    public long prefixQueryTokens() {
        return prefixQueryTokens;
    }

    /** Prompt tokens found in the prefix cache (first admission of each sequence). */
    public long prefixHitTokens() {
        return prefixHitTokens;
    }

    public long preemptions() {
        return preemptions;
    }

    public BlockManager blocks() {
        return blocks;
    }

    /** Pass 1: one token per decoding sequence, preempting from the young end when blocks run out. */
    private int planDecodes(List<DecodeStep> decodes, List<Long> preempted) {
        for (int i = 0; i < running.size(); i++) {
            Sequence s = running.get(i);
            if (s.state() != SequenceState.DECODING) {
                continue;
            }
            while (!blocks.canAppend(s)) {
                Sequence victim = running.getLast();
                preempt(victim); // always the last: it is removed by index
                preempted.add(victim.id());
                if (victim == s) {
                    return decodes.size();
                }
            }
            blocks.appendSlot(s);
            int pos = s.length() - 1;
            decodes.add(new DecodeStep(s.id(), pos, s.token(pos), s.blockTable()));
        }
        return decodes.size();
    }

    /** Pass 2: the next chunk of each running prefill, oldest first. */
    private int planRunningPrefills(List<PrefillChunk> prefills, int budget) {
        for (Sequence s : running) {
            if (budget == 0) {
                break;
            }
            if (s.state() == SequenceState.PREFILLING) {
                budget -= addChunk(prefills, s, budget);
            }
        }
        return budget;
    }

    /** Pass 3: admit from the head of the waiting queue while everything fits. */
    private void admit(List<PrefillChunk> prefills, int budget) {
        while (budget > 0 && running.size() < maxRunning && !waiting.isEmpty()) {
            Sequence s = waiting.peekFirst();
            if (!blocks.canAllocate(s)) {
                return;
            }
            waiting.pollFirst();
            int hit = blocks.allocateFor(s);
            if (s.recordCacheHit(hit)) {
                prefixQueryTokens += s.promptLength();
                prefixHitTokens += s.cacheHitTokens();
            }
            s.moveTo(SequenceState.PREFILLING);
            running.add(s);
            budget -= addChunk(prefills, s, budget);
        }
    }

    private int addChunk(List<PrefillChunk> prefills, Sequence s, int budget) {
        int start = s.computedTokens();
        int end = Math.min(s.length(), start + budget);
        prefills.add(new PrefillChunk(s.id(), start, s.tokens(start, end), s.blockTable(), end == s.length()));
        return end - start;
    }

    private void preempt(Sequence victim) {
        running.remove(running.size() - 1);
        blocks.free(victim);
        victim.moveTo(SequenceState.WAITING);
        waiting.addFirst(victim);
        preemptions++;
    }
}
