package io.jseek.engine;

import io.jseek.model.Model;
import io.jseek.model.PagedModel;
import io.jseek.model.Sampler;
import io.jseek.model.SamplerParams;
import io.jseek.model.TokenLogprob;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Greedy generations with logprobs for the reproducibility tests: through {@link SingleSequence} alone (what
 * {@code jseek run}, the Java API and {@code jseek bench} decode with) and through the {@link Engine} (what
 * {@code jseek serve} decodes with), on one tiny model per architecture.
 */
final class GreedyRuns {
    static final Path TOKENIZERS = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"),
            "tokenizer");
    static final int TOP = 5;

    private GreedyRuns() {
    }

    /**
     * Writes qwen2 (Q4_0), llama (Q8_0), a V2-Lite-style deepseek2 (Q8_0) of {@code liteLayers} layers (27: the case
     * of issue 15) and a V3-style deepseek2 (F16) into {@code dir}.
     */
    static List<Path> writeModels(Path dir, int liteLayers) throws IOException {
        List<Path> files = new ArrayList<>();
        for (RandomModelSpec s : List.of(TinyModels.qwen2(GgmlType.Q4_0), TinyModels.llamaLinear(GgmlType.Q8_0))) {
            Path f = dir.resolve(s.name() + ".gguf");
            RandomModelWriter.write(s, TOKENIZERS.resolve(s.vocab()), f);
            files.add(f);
        }
        for (RandomModelSpec s : List.of(TinyDeepseek2Models.v2Lite(GgmlType.Q8_0, true).withLayers(liteLayers),
                TinyDeepseek2Models.v3(GgmlType.F16, false))) {
            Path f = dir.resolve(s.name() + ".gguf");
            RandomModelWriter.write(s, TOKENIZERS.resolve(s.vocab()), f);
            files.add(f);
        }
        return files;
    }

    /** A prompt of {@code length} token ids below 30000 (every test vocabulary is larger). */
    static int[] prompt(long seed, int length) {
        return new java.util.Random(seed).ints(length, 1, 30000).toArray();
    }

    /** {@code n} greedy tokens after {@code prompt} by {@link SingleSequence}. */
    static List<EngineEvent.Token> alone(Model m, int[] prompt, int n) {
        SingleSequence s = new SingleSequence(m, prompt.length + n);
        Sampler sampler = new Sampler(SamplerParams.greedy(), m.config().vocabSize());
        int[] all = Arrays.copyOf(prompt, prompt.length + n);
        float[] logits = s.prefill(prompt, 0);
        List<EngineEvent.Token> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = prompt.length + i;
            double logSum = Sampler.logSumExp(logits);
            List<TokenLogprob> top = List.of(Sampler.topLogprobs(logits, TOP));
            int t = sampler.sample(logits, all, len);
            out.add(new EngineEvent.Token(0, t, i, (float) (logits[t] - logSum), top));
            all[len] = t;
            if (i + 1 < n) {
                logits = s.forward(t, len);
            }
        }
        return out;
    }

    /** The greedy token events of each prompt, all submitted to one engine at once ({@code n} tokens each). */
    static List<List<EngineEvent.Token>> engine(PagedModel m, int[][] prompts, int n) {
        EngineConfig config = new EngineConfig(prompts.length, prompts.length, 16, 128);
        KvLayout layout = KvLayout.forModel(m, 4, 32 * prompts.length);
        List<RecordingSink> sinks = new ArrayList<>();
        try (Engine engine = new Engine(config, PagedModelRunner.forEngine(m, new RamKvBlockStore(layout, m.kvCacheType()), config),
                layout, CacheTier.NONE)) {
            for (int[] p : prompts) {
                RecordingSink sink = new RecordingSink();
                engine.submit(new Request(p, n, SamplerParams.greedy(), Set.of()).withLogprobs(TOP), sink);
                sinks.add(sink);
            }
            int steps = 0;
            while (engine.runStep()) {
                if (++steps > 10_000) {
                    throw new AssertionError("engine does not settle");
                }
            }
        } catch (RequestRejectedException e) {
            throw new AssertionError(e);
        }
        return sinks.stream().map(s -> s.tokenEvents).toList();
    }

    /** The events with every float as its exact bits, one string to compare. */
    static String bits(List<EngineEvent.Token> events) {
        StringBuilder b = new StringBuilder();
        for (EngineEvent.Token t : events) {
            b.append(t.token()).append(':').append(Integer.toHexString(Float.floatToRawIntBits(t.logprob())));
            for (TokenLogprob a : t.topLogprobs()) {
                b.append(',').append(a.token()).append('=')
                        .append(Integer.toHexString(Float.floatToRawIntBits(a.logprob())));
            }
            b.append(' ');
        }
        return b.toString();
    }
}
