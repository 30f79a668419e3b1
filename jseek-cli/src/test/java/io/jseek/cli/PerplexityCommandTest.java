package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.model.KvCacheType;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.eval.LogSoftmax;
import io.jseek.model.eval.LogitsFile;
import io.jseek.model.fixtures.FullPrecisionTwin;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.model.quantize.GgufQuantizer;
import io.jseek.model.quantize.QuantType;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jseek perplexity} on the F32 twin of a generated tiny llama (deepseek-coder vocabulary, Q4_0 weights
 * dequantized) and a Q8_0 copy of that twin: the perplexity against one computed here from the model's logits fed
 * one token at a time, KL of the model against its own saved logits (0 up to the file's 16-bit codes), the Q8_0
 * copy's small positive KL and its largest positions ({@code --worst}), and the one-line errors.
 */
class PerplexityCommandTest {
    private static final int CTX = 64;

    @TempDir
    static Path dir;

    static Path f32;
    static Path q8;
    static Path text;

    @BeforeAll
    static void models() throws Exception {
        Path q4 = dir.resolve("coder-q4_0.gguf");
        RunCli gen = RunCli.run("", "gen-model", "--shape", "coder-1.3b-tiny", "--type", "Q4_0", "--out",
                q4.toString(), "--vocab-dir", RunTestModel.TESTDATA.resolve("tokenizer").toString());
        assertEquals(0, gen.exit(), gen.err());
        f32 = dir.resolve("coder-f32.gguf");
        FullPrecisionTwin.write(q4, f32);
        q8 = dir.resolve("coder-q8_0.gguf");
        GgufQuantizer.quantize(new GgufQuantizer.Options(f32, q8, QuantType.Q8_0, true, 2),
                (index, count, name, from, to, shape) -> { });
        text = dir.resolve("text.txt");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append("Line ").append(i).append(": the quick brown fox jumps over the lazy dog, ")
                    .append(i * i).append(" times.\n");
        }
        Files.writeString(text, s.toString());
    }

    private static RunCli perplexity(Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("perplexity", "--model", model.toString(), "--file",
                text.toString(), "--ctx", String.valueOf(CTX), "--chunks", "2", "--threads", "2"));
        args.addAll(List.of(more));
        return RunCli.run("", args.toArray(String[]::new));
    }

    private static JsonNode json(RunCli r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void perplexityIsExpOfTheMeanNllOfTheModelsOwnLogits() throws Exception {
        JsonNode r = json(perplexity(f32, "--cache-type", "f32", "--json"));
        assertEquals(2 * (CTX - CTX / 2 - 1), r.get("scored_tokens").asInt());
        double expected = independentMeanNll(f32);
        assertEquals(expected, r.get("mean_nll").asDouble(), 1e-4, r.toString());
        assertEquals(Math.exp(r.get("mean_nll").asDouble()), r.get("perplexity").asDouble(),
                1e-9 * r.get("perplexity").asDouble());
    }

    /**
     * The mean NLL over the scored halves of the first two chunks, token by token (batches of one, through
     * SingleSequence, not the command's chunked evaluator), each chunk from an empty cache with BOS first.
     */
    private static double independentMeanNll(Path file) throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(2).withCacheType(KvCacheType.F32))) {
            double[] sumAndCount = new double[2];
            forEachScored(m, (chunk, pos, logits, next) -> {
                sumAndCount[0] += LogSoftmax.logSumExp(logits, 0, logits.length) - logits[next];
                sumAndCount[1]++;
            });
            return sumAndCount[0] / sumAndCount[1];
        }
    }

    /** What {@link #forEachScored} hands on: a scored position's logits and the text's next token. */
    private interface ScoredPosition {
        void accept(int chunk, int pos, float[] logits, int next) throws IOException;
    }

    /**
     * Feeds the first two chunks of the text one token at a time (SingleSequence, not the command's chunked
     * evaluator), each from an empty cache with BOS first, and hands on every position of their scored halves.
     */
    private static void forEachScored(Model m, ScoredPosition scored) throws IOException {
        Tokenizer tok = Tokenizers.fromGguf(m.gguf());
        int[] tokens = tok.encode(Files.readString(text), tok.addBosByDefault(), false);
        for (int c = 0; c < 2; c++) {
            SingleSequence s = new SingleSequence(m, CTX);
            for (int p = 0; p < CTX - 1; p++) {
                int token = p == 0 && tok.addBosByDefault() ? tok.bosId() : tokens[c * CTX + p];
                float[] logits = s.forward(token, p);
                if (p >= CTX / 2) {
                    scored.accept(c, p, logits, tokens[c * CTX + p + 1]);
                }
            }
        }
    }

    @Test
    void klOfTheModelAgainstItselfIsZeroAndOfItsQ8CopySmallAndPositive() throws Exception {
        Path base = dir.resolve("base.logits");
        JsonNode saved = json(perplexity(f32, "--cache-type", "f32", "--save-logits", base.toString(), "--json"));
        JsonNode self = json(perplexity(f32, "--cache-type", "f32", "--kl-base", base.toString(), "--json"))
                .get("kl_divergence");
        assertTrue(self.get("mean").asDouble() < 1e-6, self.toString());
        assertTrue(self.get("max").asDouble() < 1e-5, self.toString());
        assertEquals(1.0, self.get("same_top").asDouble(), self.toString());
        assertEquals(saved.get("perplexity").asDouble(), self.get("base_perplexity").asDouble(),
                1e-5 * saved.get("perplexity").asDouble());

        JsonNode quant = json(perplexity(q8, "--kl-base", base.toString(), "--json")).get("kl_divergence");
        double mean = quant.get("mean").asDouble();
        assertTrue(mean > 100 * self.get("mean").asDouble() && mean < 0.1, quant.toString());
        assertTrue(quant.get("max").asDouble() >= quant.get("p99").asDouble() && quant.get("p99").asDouble() >= 0,
                quant.toString());
        assertTrue(quant.get("same_top").asDouble() > 0.8, quant.toString());
    }

    /**
     * {@code --worst 3} lists the Q8_0 copy's three largest divergences from the twin's saved logits: checked against
     * every position's divergence computed here from the stored codes and the copy's logits fed one token at a
     * time (SingleSequence): each listed position's KL, the list ordered and none left out larger than its last
     * (beyond the rounding between the two batchings), and both top tokens with their probabilities.
     */
    @Test
    void worstPositionsAreTheLargestDivergencesWithBothTopTokens() throws Exception {
        Path base = dir.resolve("worst.logits");
        assertEquals(0, perplexity(f32, "--cache-type", "f32", "--save-logits", base.toString()).exit());
        RunCli r = perplexity(q8, "--kl-base", base.toString(), "--worst", "3", "--json");
        JsonNode worst = json(r).get("kl_divergence").get("worst");
        assertEquals(3, worst.size(), worst.toString());
        Map<String, double[]> reference = referenceDivergences(q8, base);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode w : worst) {
            double[] ref = reference.get(w.get("chunk").asInt() + ":" + w.get("position").asInt());
            double kl = w.get("kl").asDouble();
            assertEquals(ref[0], kl, 1e-3 * ref[0] + 1e-6, w.toString());
            assertTrue(kl <= previous, worst.toString());
            previous = kl;
            assertEquals((int) ref[1], w.get("next").asInt(), w.toString());
            assertEquals((int) ref[2], w.get("base_top").get("id").asInt(), w.toString());
            assertEquals(ref[3], w.get("base_top").get("p_base").asDouble(), 1e-4, w.toString());
            assertEquals(ref[4], w.get("base_top").get("p_model").asDouble(), 1e-4, w.toString());
            assertEquals((int) ref[5], w.get("model_top").get("id").asInt(), w.toString());
            assertEquals(ref[6], w.get("model_top").get("p_base").asDouble(), 1e-4, w.toString());
            assertEquals(ref[7], w.get("model_top").get("p_model").asDouble(), 1e-4, w.toString());
        }
        double third = previous * (1 + 1e-3) + 1e-6;
        long larger = reference.values().stream().filter(v -> v[0] > third).count();
        assertTrue(larger <= 2, "positions above the listed third: " + larger);

        String text = perplexity(q8, "--kl-base", base.toString(), "--worst", "2").out();
        assertTrue(text.contains("largest KL: chunk:position") && text.contains(
                String.format(java.util.Locale.ROOT, "%.6f  %d:%d  ", worst.get(0).get("kl").asDouble(),
                        worst.get(0).get("chunk").asInt(), worst.get(0).get("position").asInt())), text);
        assertTrue(text.strip().lines().count() == 7, text);
        assertTrue(!perplexity(q8, "--kl-base", base.toString(), "--worst", "0").out().contains("largest KL"));
    }

    /**
     * Per "chunk:position" of the first two chunks: {KL, next token, base's top, its p under base and model,
     * model's top, its p under base and model}, the base decoded from {@code base} as the command reads it, the model
     * fed one token at a time.
     */
    private static Map<String, double[]> referenceDivergences(Path file, Path base) throws Exception {
        Map<String, double[]> out = new HashMap<>();
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(2));
             LogitsFile.Reader reader = new LogitsFile.Reader(base)) {
            double[] lp = new double[m.config().vocabSize()];
            forEachScored(m, (chunk, pos, logits, next) -> {
                int baseTop = reader.next(lp).top();
                out.put(chunk + ":" + pos, divergence(lp, baseTop, logits, next));
            });
        }
        return out;
    }

    private static double[] divergence(double[] lp, int baseTop, float[] logits, int next) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : lp) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (double v : lp) {
            z += Math.exp(v - max); // exp(-inf) = 0: tokens under the floor are left out
        }
        double logZ = max + Math.log(z);
        double lse = LogSoftmax.logSumExp(logits, 0, logits.length);
        double kl = 0;
        for (int i = 0; i < lp.length; i++) {
            if (lp[i] != Double.NEGATIVE_INFINITY) {
                kl += Math.exp(lp[i] - logZ) * (lp[i] - logZ - (logits[i] - lse));
            }
        }
        int modelTop = LogSoftmax.argmax(logits, 0, logits.length);
        return new double[] {kl, next, baseTop, Math.exp(lp[baseTop] - logZ), Math.exp(logits[baseTop] - lse),
                modelTop, Math.exp(lp[modelTop] - logZ), Math.exp(logits[modelTop] - lse)};
    }

    @Test
    void badInputGetsOneLineErrors() throws Exception {
        Path base = dir.resolve("errors.logits");
        assertEquals(0, perplexity(f32, "--save-logits", base.toString()).exit());
        assertError(RunCli.run("", "perplexity", "--model", f32.toString(), "--file", text.toString(), "--ctx", "32",
                "--kl-base", base.toString()), "saved with --ctx 64");

        Path other = dir.resolve("other.txt");
        Files.writeString(other, Files.readString(text).replace("fox", "cat"));
        assertError(RunCli.run("", "perplexity", "--model", f32.toString(), "--file", other.toString(), "--ctx",
                String.valueOf(CTX), "--kl-base", base.toString()), "saved over other tokens");

        Path vocab10 = dir.resolve("vocab10.logits");
        try (LogitsFile.Writer w = new LogitsFile.Writer(vocab10, new LogitsFile.Header(10, CTX, 1, 0))) {
            for (int i = 0; i < CTX - CTX / 2 - 1; i++) {
                w.write(new float[10], 0, 0);
            }
        }
        assertError(perplexity(f32, "--kl-base", vocab10.toString()), "vocabulary of 10 tokens");

        Path shortText = dir.resolve("short.txt");
        Files.writeString(shortText, "too short");
        assertError(RunCli.run("", "perplexity", "--model", f32.toString(), "--file", shortText.toString()),
                "fewer than one chunk of --ctx 512");
        assertError(perplexity(f32, "--cache-type", "q3"), "--cache-type must be f32, f16 or q8_0");
        assertError(perplexity(f32, "--kl-base", base.toString(), "--worst", "-1"), "--worst must be at least 0");
        assertError(perplexity(f32, "--save-logits", base.toString(), "--kl-base", base.toString()),
                "not both");
        assertError(perplexity(f32, "--kl-base", text.toString()), "not a jseek logits file");
    }

    private static void assertError(RunCli r, String expected) {
        assertTrue(r.exit() != 0, r.out());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(r.err().strip().lines().count() <= 2 && !r.err().contains("\tat "), r.err());
    }
}
