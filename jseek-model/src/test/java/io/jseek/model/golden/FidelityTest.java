package io.jseek.model.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.model.KvCacheType;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.fixtures.SingleSequence;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How close jseek and llama.cpp are to the full-precision model ({@link FidelityModels}). The goldens
 * ({@code tools/oracle/fidelity/regen.sh}) hold the reference: llama.cpp with an F32 KV cache on the case's F32 twin
 * (its dequantized weights exactly), the top-20 next-token probabilities along a short greedy continuation of 8
 * prompts; and, for a quantized case, llama.cpp's own divergence from it on the case's file (default F16 cache). The test regenerates the file from its seed,
 * feeds the same tokens (the prompt through the batched prefill, then the reference's continuation one by one) and
 * measures, per step, {@code KL(reference ‖ jseek)} over the reference's top 20 tokens plus one bucket for the rest
 * of the vocabulary (the oracle computes llama.cpp's the same way).
 *
 * <p>Checks: (1) F32 weights with an F32 cache: every top-20 probability within {@link #F32_EXACT} of the reference;
 * (2) every quantized case with the default F16 cache: jseek's mean divergence within {@link #meanKlBound} of
 * llama.cpp's; (3) the same with a Q8_0 cache where the golden has llama.cpp's (the cases with heads of 64).
 * With {@code -Djseek.golden.measure=true} the numbers are printed, not asserted.
 */
class FidelityTest {
    /**
     * Top-20 probability tolerance for F32 weights with an F32 cache. Measured: qwen2 3.6e-7, llama 2.5e-7, ds2-lite
     * 1.1e-6, ds3 7.4e-6 (mean KL 6e-14 to 7e-10): nothing is rounded on this path, what remains is float summation
     * order (ds3's sigmoid routing and YaRN scaling amplify it most). Before the oracle renormalised llama.cpp's
     * probabilities in double (oracle.mjs) the same runs measured 1.3e-4 on qwen2: node-llama-cpp's float sum over
     * 152k tokens, not jseek.
     */
    static final double F32_EXACT = 1e-5;

    @TempDir
    static Path dir;

    static Stream<String> cases() {
        return FidelityModels.names().stream().filter(n -> FidelityTest.class.getResource(resource(n)) != null);
    }

    private static String resource(String name) {
        return "/golden/fidelity/" + name + ".json";
    }

    /**
     * The largest mean divergence accepted for jseek with an F16 cache: llama.cpp's on the same file plus 20%, except
     * where llama.cpp's own CPU builds disagree by more ({@link #BUILD_SPREAD}). Measured mean KL (top-20 + rest) from
     * the F32 twin, jseek / llama.cpp, both with an F16 cache (jseek's default kernels; the prompts start with BOS
     * where the vocabulary asks for it, as llama.cpp tokenizes them):
     * <pre>
     *            Q8_0                Q4_0                Q4_K                Q6_K
     * qwen2      6.36e-5 / 6.56e-5   5.49e-5 / 5.51e-5   1.10e-3 / 1.19e-3   1.35e-3 / 1.30e-3
     * llama      2.29e-4 / 2.33e-4   1.95e-4 / 1.95e-4   3.82e-3 / 3.49e-3   3.42e-3 / 3.39e-3
     * ds2-lite   5.82e-3 / 5.77e-3   3.36e-3 / 3.87e-3   5.50e-2 / 5.28e-2   4.57e-2 / 3.74e-2
     * ds3        1.93e-2 / 1.92e-2   2.59e-2 / 2.59e-2   6.84e-3 / 6.84e-3   1.25e-3 / 7.51e-4
     * </pre>
     * jseek rounds activations to the weights' dot type and meets the F16 cache as ggml does; on the _0 types its
     * per-step divergence equals llama.cpp's to 4 digits except after a last-bit summation difference flips one
     * Q8_0 rounding (before the BOS fix, llama Q8_0: 60 of 64 steps equal, the +1.5% came from 4 steps of one
     * prompt). Summation order in attention does not matter at this scale: summing the values in double instead of
     * float moves qwen2 Q8_0's 2,048-token text KL from 5.9499e-4 to 5.9493e-4. K-quant dots are where llama.cpp's
     * own builds disagree (tools/oracle/model/cpu-variants.sh): on qwen2 Q6_K its sse42 build measures 1.36e-3 with
     * the F16 cache and 1.89e-3 with the Q8_0 cache against the zen4 build's 1.30e-3 and 1.99e-3 here, with per-step
     * ratios between the two builds from 0.2 to 4. ds2-lite differs by up to 22% either way: with random weights, a
     * summation-order difference that flips one of 4-of-16 experts at a near tie changes a token's output wholesale,
     * and 64 steps are few: over a 2,048-token text (tools/oracle/fidelity/text.sh, 1,020 positions) ds2-lite Q6_K
     * measures jseek 9.06e-2 (native kernels; Java 9.27e-2) against llama.cpp's 9.57e-2. The K-quant rows are not
     * comparable with the others: those models are 256 wide.
     *
     * <p>With a Q8_0 cache (llama.cpp needs flash attention for it; only the 64-wide heads of the K-quant cases are
     * whole Q8_0 blocks), jseek / llama.cpp: qwen2 Q4_K 2.18e-3 / 2.02e-3, Q6_K 2.32e-3 / 1.99e-3; llama Q4_K 4.50e-3
     * / 4.11e-3, Q6_K 4.42e-3 / 3.96e-3. Both round the stored rows and the query the same way (ggml's
     * {@code quantize_row_q8_0}, read in llama.cpp's source); what differs is summation order and llama.cpp's online
     * softmax. jseek stays 9-16% above here, more than the two llama.cpp builds differ (5%); storing rows with ggml's
     * reference rounding instead, or leaving the prefill's query unrounded, does not close it (2.32e-3, 2.15e-3 on
     * qwen2 Q6_K): not explained yet. Over the 2,048-token text (KV_CACHE=q8_0 tools/oracle/fidelity/text.sh, 1,020
     * positions instead of 64 steps) the qwen2 Q4_K gap is +1.3% native and +2.4% Java (llama.cpp 4.569e-3, jseek
     * 4.630e-3 / 4.678e-3), not +8.6%.
     */
    static double meanKlBound(String name, double llamaCpp) {
        return 1.2 * Math.max(llamaCpp, BUILD_SPREAD.getOrDefault(name, 0.0));
    }

    /**
     * llama.cpp's mean KL on the cases where its own CPU builds disagree by more than {@link #meanKlBound}'s margin:
     * the sse42 build (oracle.mjs run with node-llama-cpp restricted to libggml-cpu-sse42, as
     * tools/oracle/model/cpu-variants.sh does) on the same golden prompts. ds3-q6_k: one step decides the mean (the
     * quicksort prompt's first prediction; every other step is below 1e-3, most below 1e-7), and on it the zen4 build
     * that wrote the golden measures 4.69e-2, the sse42 build 1.76e-1, jseek 7.96e-2 (the same token by token as
     * batched, in both engines): means 7.51e-4, 2.77e-3 and 1.25e-3. ds2-lite-q6_k: zen4 3.74e-2, sse42 3.97e-2;
     * jseek measured 4.41e-2, and 4.57e-2 after the rebase on main's new native prefill kernels, which moved only
     * the V2-Lite numbers, where routing flips amplify any change (ds2-lite-q4_k 5.17e-2 -> 5.50e-2, llama.cpp
     * 5.28e-2).
     */
    static final Map<String, Double> BUILD_SPREAD = Map.of("ds3-q6_k", 2.77e-3, "ds2-lite-q6_k", 3.97e-2);

    @ParameterizedTest
    @MethodSource("cases")
    void closeToTheFullPrecisionModel(String name) throws IOException {
        JsonNode golden;
        try (InputStream in = FidelityTest.class.getResourceAsStream(resource(name))) {
            golden = new ObjectMapper().readTree(in);
        }
        Path file = dir.resolve(name + ".gguf");
        Path vocab = Path.of(System.getProperty("jseek.testdata"), "tokenizer");
        FidelityModels.write(name, vocab, file);
        try {
            Measure f16 = measure(file, golden, KvCacheType.F16);
            Measure f32 = measure(file, golden, KvCacheType.F32);
            JsonNode ll = golden.path("llama_cpp").path("f16");
            double llF16 = ll.path("mean_kl_top").asDouble(Double.NaN);
            System.out.printf(Locale.ROOT, "fidelity %-14s mean KL(top-20+rest), F16 cache: jseek %.3e, llama.cpp %.3e;"
                            + " jseek F32 cache %.3e, max|dp| %.2e (%s)%n", name, f16.meanKl, llF16, f32.meanKl,
                    f32.maxDp, f32.worst);
            double llQ8 = golden.path("llama_cpp").path("q8_0").path("mean_kl_top").asDouble(Double.NaN);
            Measure q8 = Double.isNaN(llQ8) ? null : measure(file, golden, KvCacheType.Q8_0);
            if (q8 != null) {
                System.out.printf(Locale.ROOT, "fidelity %-14s mean KL(top-20+rest), Q8_0 cache: jseek %.3e,"
                        + " llama.cpp %.3e%n", name, q8.meanKl, llQ8);
            }
            if (GoldenCheck.MEASURE) {
                return;
            }
            if (FidelityModels.type(name) == GgmlType.F32) {
                assertTrue(f32.maxDp <= F32_EXACT, name + ": F32 cache max |dp| " + f32.maxDp + " at " + f32.worst);
            }
            if (!Double.isNaN(llF16)) {
                double bound = meanKlBound(name, llF16);
                assertTrue(f16.meanKl <= bound, name + ": jseek mean KL " + f16.meanKl + " > " + bound
                        + " (llama.cpp " + llF16 + ")");
            }
            if (q8 != null) {
                double bound = meanKlBound(name, llQ8);
                assertTrue(q8.meanKl <= bound, name + ": jseek mean KL with a Q8_0 cache " + q8.meanKl + " > " + bound
                        + " (llama.cpp " + llQ8 + ")");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** jseek's mean divergence and largest top-20 probability error over every step of every prompt. */
    record Measure(double meanKl, double maxDp, String worst) {
    }

    private static Measure measure(Path file, JsonNode golden, KvCacheType cache) throws IOException {
        double sum = 0;
        double maxDp = 0;
        String worst = "";
        int n = 0;
        try (Model model = Models.load(file, ModelOptions.defaults().withThreads(2).withCacheType(cache))) {
            for (JsonNode prompt : golden.get("prompts")) {
                SingleSequence state = new SingleSequence(model, 256);
                int[] tokens = ints(prompt.get("tokens"));
                float[] logits = state.prefill(tokens, 0);
                int pos = tokens.length;
                JsonNode steps = prompt.get("steps");
                for (int i = 0; i < steps.size(); i++) {
                    double[] probs = GoldenCheck.softmax(logits);
                    sum += klTop(steps.get(i), probs);
                    double dp = maxDp(steps.get(i), probs);
                    if (dp > maxDp) {
                        maxDp = dp;
                        worst = "prompt " + prompt.get("text").asText().lines().findFirst().orElse("") + " step " + i;
                    }
                    n++;
                    if (i + 1 < steps.size()) {
                        logits = state.forward(prompt.get("continuation").get(i).asInt(), pos++);
                    }
                }
            }
        }
        return new Measure(sum / n, maxDp, worst);
    }

    /** KL(reference ‖ q) over the reference's top tokens plus one bucket for the rest (as oracle.mjs). */
    static double klTop(JsonNode top, double[] q) {
        double kl = 0;
        double pRest = 1;
        double qRest = 1;
        for (JsonNode e : top) {
            double p = e.get(1).asDouble();
            double qt = q[e.get(0).asInt()];
            if (p > 0) {
                kl += p * Math.log(p / Math.max(qt, 1e-30));
            }
            pRest -= p;
            qRest -= qt;
        }
        if (pRest > 1e-12) {
            kl += pRest * Math.log(pRest / Math.max(qRest, 1e-30));
        }
        return kl;
    }

    private static double maxDp(JsonNode top, double[] q) {
        double m = 0;
        for (JsonNode e : top) {
            m = Math.max(m, Math.abs(e.get(1).asDouble() - q[e.get(0).asInt()]));
        }
        return m;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
