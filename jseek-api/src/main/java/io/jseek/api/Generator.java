package io.jseek.api;

import io.jseek.engine.LogitsProcessor;
import io.jseek.model.InferenceState;
import io.jseek.model.Model;
import io.jseek.model.Sampler;
import io.jseek.model.TokenLogprob;
import io.jseek.tokenizer.TokenStreamDecoder;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The decode loop of one sequence: prefill, then (optionally constrain the logits,) sample, detokenize, cut at stop
 * strings and feed back, until an end-of-generation token, a stop string, the token budget, the end of the context or a cancellation.
 *
 * <p>The KV cache survives between generations: a prompt that begins like the previous sequence (the next turn of
 * a chat) only computes the positions after the common prefix, since {@link Model#forward} at a position overwrites
 * the cache from there on. Mutable and not thread-safe; {@link JseekModel} serializes calls.
 */
final class Generator {
    private final Model model;
    private final Tokenizer tokenizer;
    private final InferenceState state;
    private final int[] cached;
    private int cachedLength;

    Generator(Model model, Tokenizer tokenizer, int contextLength) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.state = model.newState(contextLength);
        this.cached = new int[contextLength];
    }

    int contextLength() {
        return state.contextLength();
    }

    /**
     * Generates after {@code prompt}; text deltas (stop strings removed) go to {@code text}.
     *
     * @param constraint edits each position's logits before sampling and hears the sampled token; null for none
     */
    Generation run(int[] prompt, GenerateOptions options, Consumer<String> text, BooleanSupplier stopRequested,
                   LogitsProcessor constraint) {
        int ctx = state.contextLength();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (prompt.length >= ctx) {
            throw new ContextOverflowException(prompt.length, ctx);
        }
        int vocab = model.config().vocabSize();
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("prompt token " + t + " outside the vocabulary (0.." + (vocab - 1)
                        + ")");
            }
        }
        long t0 = System.nanoTime();
        int reused = Math.min(commonPrefix(prompt), prompt.length - 1);
        cachedLength = 0;
        float[] logits = model.prefill(state, Arrays.copyOfRange(prompt, reused, prompt.length), reused);
        System.arraycopy(prompt, 0, cached, 0, prompt.length);
        cachedLength = prompt.length;
        long t1 = System.nanoTime();
        Decode d = new Decode(options, text, constraint);
        FinishReason reason = d.loop(logits, stopRequested);
        long t2 = System.nanoTime();
        Timings timings = new Timings(prompt.length, reused, t1 - t0, d.generated.size(), t2 - t1);
        return new Generation(prompt, d.generated.stream().mapToInt(Integer::intValue).toArray(),
                d.out.toString(), reason, timings, d.logprobs);
    }

    private int commonPrefix(int[] prompt) {
        int n = Math.min(cachedLength, prompt.length);
        int i = 0;
        while (i < n && cached[i] == prompt[i]) {
            i++;
        }
        return i;
    }

    /** The state of one decode loop: sampler, detokenizer, stop filter and what was produced. */
    private final class Decode {
        final GenerateOptions options;
        final Sampler sampler;
        final TokenStreamDecoder decoder = tokenizer.streamDecoder(true);
        final StopStringFilter stops;
        final StringBuilder out = new StringBuilder();
        final Consumer<String> sink;
        final List<Integer> generated = new ArrayList<>();
        final List<List<TopLogprob>> logprobs = new ArrayList<>();
        final LogitsProcessor constraint;

        Decode(GenerateOptions options, Consumer<String> text, LogitsProcessor constraint) {
            this.options = options;
            this.constraint = constraint;
            this.sampler = new Sampler(options.sampling(), model.config().vocabSize());
            this.stops = new StopStringFilter(options.stop());
            this.sink = delta -> {
                out.append(delta);
                text.accept(delta);
            };
        }

        FinishReason loop(float[] logits, BooleanSupplier stopRequested) {
            int ctx = state.contextLength();
            while (true) {
                if (stopRequested.getAsBoolean()) {
                    return finish(FinishReason.CANCELLED);
                }
                List<TopLogprob> top = options.topLogprobs() > 0 ? topLogprobs(logits) : null;
                if (constraint != null) {
                    constraint.process(logits, 0, model.config().vocabSize());
                }
                int token = sampler.sample(logits, cached, cachedLength);
                if (constraint != null) {
                    constraint.accept(token);
                }
                if (tokenizer.isEndOfGeneration(token)) {
                    return finish(FinishReason.STOP);
                }
                generated.add(token);
                if (top != null) {
                    logprobs.add(top);
                }
                if (stops.accept(decoder.accept(token), sink)) {
                    return FinishReason.STOP;
                }
                if (generated.size() >= options.maxTokens() || cachedLength >= ctx) {
                    return finish(FinishReason.LENGTH);
                }
                logits = model.forward(state, token, cachedLength);
                cached[cachedLength++] = token;
            }
        }

        /** Releases the text held back for a possible stop string or an unfinished character. */
        private FinishReason finish(FinishReason reason) {
            if (stops.accept(decoder.finish(), sink)) {
                return FinishReason.STOP;
            }
            stops.finish(sink);
            return reason;
        }

        private List<TopLogprob> topLogprobs(float[] logits) {
            TokenLogprob[] top = Sampler.topLogprobs(logits, options.topLogprobs());
            List<TopLogprob> list = new ArrayList<>(top.length);
            for (TokenLogprob t : top) {
                list.add(new TopLogprob(t.token(), tokenizer.decode(new int[] {t.token()}, true), t.logprob()));
            }
            return list;
        }
    }
}
