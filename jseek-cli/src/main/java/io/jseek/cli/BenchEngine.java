package io.jseek.cli;

import io.jseek.engine.Engine;
import io.jseek.engine.EngineEvent;
import io.jseek.engine.EventSink;
import io.jseek.engine.FinishReason;
import io.jseek.engine.Request;
import io.jseek.engine.RequestRejectedException;
import io.jseek.model.SamplerParams;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Times generations on the engine that {@code run}, {@code chat} and {@code serve} use, stepped on the calling thread
 * ({@link Engine#runStep()}), with greedy sampling and no end-of-generation token, so that every run decodes exactly
 * the requested tokens. Each request's prompt is {@link BenchPrompt#tokens} with its first token numbered per request,
 * so the prefix cache never serves one run from another and every run computes its whole prompt.
 *
 * <p>One sequence: its prefill lasts from the submission to its first token (the time to first token), its decode the
 * {@code genTokens} steps after that. {@code C} sequences: all are submitted at once and run until done; the
 * aggregate rate counts the steps in which every one of them decoded a token that was not its first (the steady
 * state, what the batch gains), {@code C} tokens per such step over those steps' time. Short untimed warm-up runs
 * come first: the JIT compiles the kernels during the first tokens.
 */
final class BenchEngine {
    /**
     * One timed run: the prefill (to the first token) and the decode steps after it.
     *
     * @param tokens the greedy token ids, the prefill's first and then one per decode step
     */
    record Run(long prefillNanos, long decodeNanos, int[] tokens) {
    }

    // a warm-up runs every kernel of both phases often enough for the JIT; full length would only cost time
    private static final int WARMUP_PROMPT = 16;
    private static final int WARMUP_GEN = 8;

    private final Engine engine;
    private final int promptTokens;
    private final int genTokens;
    private int requests;
    private int stepTokens;
    private int stepFirsts;

    BenchEngine(Engine engine, int promptTokens, int genTokens) {
        this.engine = engine;
        this.promptTokens = promptTokens;
        this.genTokens = genTokens;
    }

    /** {@code warmup} short untimed runs, then {@code repeat} timed ones of one sequence. */
    List<Run> single(int warmup, int repeat, PrintWriter progress) {
        for (int i = 0; i < warmup; i++) {
            progress.printf("warm-up %d/%d%n", i + 1, warmup).flush();
            runAll(1, Math.min(promptTokens, WARMUP_PROMPT), Math.min(genTokens, WARMUP_GEN));
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            TokenTimes times = runAll(1, promptTokens, genTokens).tokens.getFirst();
            long[] at = times.at;
            Run r = new Run(at[0] - t0, at[genTokens] - at[0], times.ids);
            runs.add(r);
            progress.printf("run %d/%d: prefill %.1f tok/s, decode %.2f tok/s%n", i + 1, repeat,
                    rate(promptTokens, r.prefillNanos()), rate(genTokens, r.decodeNanos())).flush();
        }
        return runs;
    }

    /** {@code warmup} short untimed runs, then {@code repeat} aggregate decode rates of {@code c} sequences. */
    double[] aggregate(int c, int warmup, int repeat, PrintWriter progress) {
        for (int i = 0; i < warmup; i++) {
            progress.printf("warm-up %d/%d: %d sequences%n", i + 1, warmup, c).flush();
            runAll(c, Math.min(promptTokens, WARMUP_PROMPT), Math.min(genTokens, WARMUP_GEN));
        }
        double[] rates = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            Steps s = runAll(c, promptTokens, genTokens);
            rates[i] = rate(c * s.fullDecodeSteps, s.fullDecodeNanos);
            progress.printf("run %d/%d: %d sequences, aggregate decode %.2f tok/s (%d steps of %d)%n", i + 1,
                    repeat, c, rates[i], s.fullDecodeSteps, c).flush();
        }
        return rates;
    }

    /** Submits {@code c} requests of {@code gen + 1} tokens (the first one ends the prefill) and steps until done. */
    private Steps runAll(int c, int prompt, int gen) {
        Steps steps = new Steps();
        for (int s = 0; s < c; s++) {
            int[] tokens = BenchPrompt.tokens(prompt);
            tokens[0] += requests++ % 20_000;
            TokenTimes sink = new TokenTimes(gen + 1);
            try {
                engine.submit(new Request(tokens, gen + 1, SamplerParams.greedy(), Set.of()), sink);
            } catch (RequestRejectedException e) {
                throw new IllegalStateException("the engine refused the benchmark's request: " + e.getMessage(), e);
            }
            steps.tokens.add(sink);
        }
        while (true) {
            stepTokens = 0;
            stepFirsts = 0;
            long t0 = System.nanoTime();
            if (!engine.runStep()) {
                break;
            }
            if (stepTokens == c && stepFirsts == 0) {
                steps.fullDecodeSteps++;
                steps.fullDecodeNanos += System.nanoTime() - t0;
            }
        }
        for (TokenTimes t : steps.tokens) {
            t.check();
        }
        return steps;
    }

    static double rate(long tokens, long nanos) {
        return tokens * 1e9 / Math.max(1, nanos);
    }

    /** What one batch of requests did. */
    private static final class Steps {
        final List<TokenTimes> tokens = new ArrayList<>();
        int fullDecodeSteps;
        long fullDecodeNanos;
    }

    /** One request's token ids and arrival times; counts tokens into the current step. */
    private final class TokenTimes implements EventSink {
        final long[] at;
        final int[] ids;
        int n;
        EngineEvent.Finished finished;

        TokenTimes(int tokens) {
            this.at = new long[tokens];
            this.ids = new int[tokens];
        }

        @Override
        public void accept(EngineEvent event) {
            switch (event) {
                case EngineEvent.Token t -> {
                    ids[n] = t.token();
                    at[n++] = System.nanoTime();
                    stepTokens++;
                    stepFirsts += n == 1 ? 1 : 0;
                }
                case EngineEvent.Finished f -> finished = f;
            }
        }

        void check() {
            if (finished == null || finished.reason() != FinishReason.LENGTH || n != at.length) {
                throw new IllegalStateException("a benchmark run ended early after " + n + " of " + at.length
                        + " tokens: " + (finished == null ? "unfinished" : finished.reason() + " "
                        + finished.error()));
            }
        }
    }
}
