package io.jseek.cli;

import io.jseek.model.InferenceState;
import io.jseek.model.Model;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times one sequence the way {@code jseek run} drives the model ({@link Model#prefill} then one
 * {@link Model#forward} per token), with greedy argmax instead of a sampler and no end-of-sequence check, so that every
 * run decodes exactly the requested tokens and nothing but the model is measured.
 *
 * <p>Per run: prefill of the whole prompt from position 0 (re-feeding position 0 rewinds the state, so one state
 * serves every run), timed until the first token is chosen, which is also the time to first token; then
 * {@code genTokens} single-token steps. Short untimed warm-up runs come first: the JIT compiles the kernels during the
 * first tokens, and a benchmark of the interpreter would say nothing about steady-state speed.
 */
final class BenchRunner {
    /** One timed run: the prefill (to the first token) and the decode steps after it. */
    record Run(long prefillNanos, long decodeNanos) {
    }

    // a warm-up runs every kernel of both phases often enough for the JIT; full length would only cost time
    private static final int WARMUP_PROMPT = 16;
    private static final int WARMUP_GEN = 8;

    private final Model model;
    private final int[] prompt;
    private final int genTokens;
    private final InferenceState state;

    BenchRunner(Model model, int promptTokens, int genTokens) {
        this.model = model;
        this.prompt = BenchPrompt.tokens(promptTokens);
        this.genTokens = genTokens;
        this.state = model.newState(promptTokens + genTokens + 1);
    }

    /** {@code warmup} short untimed runs, then {@code repeat} timed ones, each reported on {@code progress}. */
    List<Run> run(int warmup, int repeat, PrintWriter progress) {
        int[] warmupPrompt = Arrays.copyOf(prompt, Math.min(prompt.length, WARMUP_PROMPT));
        for (int i = 0; i < warmup; i++) {
            progress.printf("warm-up %d/%d%n", i + 1, warmup).flush();
            runOnce(warmupPrompt, Math.min(genTokens, WARMUP_GEN));
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            Run r = runOnce(prompt, genTokens);
            runs.add(r);
            progress.printf("run %d/%d: prefill %.1f tok/s, decode %.2f tok/s%n", i + 1, repeat,
                    rate(prompt.length, r.prefillNanos()), rate(genTokens, r.decodeNanos())).flush();
        }
        return runs;
    }

    private Run runOnce(int[] tokens, int decodeSteps) {
        int vocab = model.config().vocabSize();
        long t0 = System.nanoTime();
        float[] logits = model.prefill(state, tokens, 0);
        int token = BenchPrompt.argmax(logits, 0, vocab);
        long t1 = System.nanoTime();
        for (int i = 0; i < decodeSteps; i++) {
            logits = model.forward(state, token, tokens.length + i);
            token = BenchPrompt.argmax(logits, 0, vocab);
        }
        long t2 = System.nanoTime();
        return new Run(t1 - t0, t2 - t1);
    }

    static double rate(int tokens, long nanos) {
        return tokens * 1e9 / Math.max(1, nanos);
    }
}
