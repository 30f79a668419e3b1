package io.jseek.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model runner without a model, for engine tests. It writes, for every position it computes, a code for
 * (token, position) into every layer's KV row through the block table it is given, and when it must return logits
 * it reads the whole history back through the same table and picks the next token with {@link #script}. So a wrong
 * block table, a bad prefix-cache hit, a corrupt disk load or a missing chunk all change the output, which tests
 * compare with {@link #expectedCompletion}. Structural problems (short tables, a block written by one sequence and
 * listed by another) are recorded in {@link #problems()} and fail the step.
 */
final class FakeModelRunner implements ModelRunner {
    private static final int POS_CODES = 4096;

    private final RamKvBlockStore store;
    private final int vocabSize;
    private final List<StepPlan> plans = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable beforeStep = () -> { };

    FakeModelRunner(RamKvBlockStore store, int vocabSize) {
        if ((long) vocabSize * POS_CODES >= 1 << 24) {
            throw new IllegalArgumentException("codes must stay exact in a float");
        }
        this.store = store;
        this.vocabSize = vocabSize;
    }

    /** The scripted model: the next token is a hash of the whole history. */
    static int script(int[] tokens, int length, int vocabSize) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < length; i++) {
            h = (h ^ tokens[i]) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        return (int) Math.floorMod(h, (long) vocabSize);
    }

    /** What the engine must produce for {@code prompt}: tokens until a stop token or {@code maxTokens}. */
    static List<Integer> expectedCompletion(int[] prompt, int maxTokens, Set<Integer> stop, int vocabSize) {
        int[] all = Arrays.copyOf(prompt, prompt.length + maxTokens);
        List<Integer> out = new ArrayList<>();
        for (int n = prompt.length; out.size() < maxTokens; n++) {
            int t = script(all, n, vocabSize);
            if (stop.contains(t)) {
                break;
            }
            all[n] = t;
            out.add(t);
        }
        return out;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** Runs before each step (tests block here to act while a step is in flight). */
    void beforeStep(Runnable hook) {
        beforeStep = hook;
    }

    List<StepPlan> plans() {
        return List.copyOf(plans);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public Map<Long, float[]> execute(StepPlan plan) {
        beforeStep.run();
        plans.add(plan);
        for (PrefillChunk c : plan.prefills()) {
            checkTable(c.sequenceId(), c.blockTable(), c.endPos());
        }
        for (DecodeStep d : plan.decodes()) {
            checkTable(d.sequenceId(), d.blockTable(), d.position() + 1);
        }
        if (problems.isEmpty()) {
            checkExclusiveWrites(plan);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("fake runner found problems: " + problems);
        }
        Map<Long, float[]> logits = new HashMap<>();
        for (PrefillChunk c : plan.prefills()) {
            for (int i = 0; i < c.tokens().length; i++) {
                write(c.blockTable(), c.startPos() + i, c.tokens()[i]);
            }
            if (c.samples()) {
                logits.put(c.sequenceId(), logitsAfter(c.sequenceId(), c.blockTable(), c.endPos()));
            }
        }
        for (DecodeStep d : plan.decodes()) {
            write(d.blockTable(), d.position(), d.token());
            logits.put(d.sequenceId(), logitsAfter(d.sequenceId(), d.blockTable(), d.position() + 1));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("fake runner found problems: " + problems);
        }
        return logits;
    }

    private void write(int[] table, int pos, int token) {
        float code = (float) token * POS_CODES + pos % POS_CODES;
        int bs = store.layout().blockSize();
        for (int l = 0; l < store.layout().layers(); l++) {
            int off = store.offset(l, table[pos / bs], pos % bs);
            Arrays.fill(store.layer(l), off, off + store.layout().width(l), code);
        }
    }

    private float[] logitsAfter(long seq, int[] table, int length) {
        int[] history = new int[length];
        int bs = store.layout().blockSize();
        for (int p = 0; p < length; p++) {
            for (int l = 0; l < store.layout().layers(); l++) {
                int off = store.offset(l, table[p / bs], p % bs);
                int first = (int) store.layer(l)[off];
                int last = (int) store.layer(l)[off + store.layout().width(l) - 1];
                if (first != last || first % POS_CODES != p % POS_CODES) {
                    problems.add("sequence " + seq + ": KV of position " + p + " in layer " + l + " is wrong");
                }
                history[p] = first / POS_CODES;
            }
        }
        float[] logits = new float[vocabSize];
        logits[script(history, length, vocabSize)] = 1f;
        return logits;
    }

    private void checkTable(long seq, int[] table, int positions) {
        int bs = store.layout().blockSize();
        if (table.length < (positions + bs - 1) / bs) {
            problems.add("sequence " + seq + ": " + table.length + " blocks for " + positions + " positions");
        }
        Set<Integer> seen = new HashSet<>();
        for (int b : table) {
            if (b < 0 || b >= store.layout().numBlocks() || !seen.add(b)) {
                problems.add("sequence " + seq + ": bad block table " + Arrays.toString(table));
            }
        }
    }

    /** A block a sequence writes this step must not appear in another sequence's table. */
    private void checkExclusiveWrites(StepPlan plan) {
        int bs = store.layout().blockSize();
        Map<Integer, Set<Long>> holders = new HashMap<>();
        Map<Integer, Long> writers = new HashMap<>();
        for (PrefillChunk c : plan.prefills()) {
            for (int b : c.blockTable()) {
                holders.computeIfAbsent(b, k -> new HashSet<>()).add(c.sequenceId());
            }
            for (int p = c.startPos(); p < c.endPos(); p++) {
                writers.put(c.blockTable()[p / bs], c.sequenceId());
            }
        }
        for (DecodeStep d : plan.decodes()) {
            for (int b : d.blockTable()) {
                holders.computeIfAbsent(b, k -> new HashSet<>()).add(d.sequenceId());
            }
            writers.put(d.blockTable()[d.position() / bs], d.sequenceId());
        }
        writers.forEach((block, seq) -> {
            if (holders.get(block).size() > 1) {
                problems.add("block " + block + " written by " + seq + " is shared with " + holders.get(block));
            }
        });
    }
}
