package io.jseek.model.golden;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.model.KvCacheType;
import io.jseek.model.Model;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.deepseek2.Deepseek2Config;
import io.jseek.model.deepseek2.MoeRouter;
import io.jseek.model.eval.ChunkedEvaluator;
import io.jseek.model.eval.LogSoftmax;
import io.jseek.tensor.Kernels;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a quantized deepseek2 model's run parts from its full-precision twin's at one position of a {@code jseek
 * perplexity} run ({@code tools/oracle/fidelity/trace.sh}): both files through the same chunked evaluation (a position
 * before the scored half: the chunk's opening as a chunk of its own), the twin with an F32 cache, the quantized file
 * with an F16 cache (or the one named) and the chosen kernels. Printed: per layer the relative L2 distance of each
 * named checkpoint at that position; for MoE layers each run's routing recomputed from its router logits (the chosen
 * experts with their selection scores, the group scores, the margins between the last chosen expert and the best one
 * left out and between the last kept group and the first dropped), the same at every earlier position where the two
 * runs choose differently, and the quantized run again with the twin's router logits put in at those positions (all,
 * each alone, all but each): the divergence left at the position says which flipped choice carries it. A dev tool,
 * not a test.
 *
 * <p>usage: RoutingTrace MODEL TWIN TEXT CTX CHUNK POSITION native|java [f16|f32|q8_0]
 */
public final class RoutingTrace {
    /** The quantized run's cache type (F16 unless a last argument names another). */
    private static KvCacheType runCache = KvCacheType.F16;

    private RoutingTrace() {
    }

    /**
     * One run's checkpoints ("name@layer" in order) at every position of the chunk up to the traced one, and its
     * logits there.
     */
    private record Capture(Map<String, float[][]> rows, float[] logits) {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path twin = Path.of(args[1]);
        String text = Files.readString(Path.of(args[2]));
        int ctx = Integer.parseInt(args[3]);
        int chunk = Integer.parseInt(args[4]);
        int position = Integer.parseInt(args[5]);
        Capture ref = capture(twin, KvCacheType.F32, text, ctx, chunk, position, -1, Map.of());
        Kernels.select(Kernels.parse(args[6], "kernels"));
        if (args.length > 7) {
            runCache = KvCacheType.parse(args[7]);
        }
        Capture run = capture(model, runCache, text, ctx, chunk, position, -1, Map.of());
        try (GgufFile gguf = GgufFile.open(twin)) {
            Deepseek2Config config = Deepseek2Config.fromGguf(gguf);
            for (Map.Entry<String, float[][]> e : ref.rows().entrySet()) {
                float[] a = e.getValue()[position];
                float[] b = run.rows().get(e.getKey())[position];
                System.out.printf(Locale.ROOT, "%-20s rel L2 %.3e%n", e.getKey(), relL2(a, b));
                if (e.getKey().startsWith("ffn_moe_logits@")) {
                    int layer = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('@') + 1));
                    float[] bias = bias(gguf, layer);
                    System.out.println("  twin:      " + routing(config, a, bias, true));
                    System.out.println("  quantized: " + routing(config, b, bias, false));
                    flips(config, e.getValue(), run.rows().get(e.getKey()), bias, position);
                }
            }
            for (Map.Entry<String, float[][]> e : ref.rows().entrySet()) {
                if (e.getKey().startsWith("Kcur@")) {
                    printFarthest(e.getKey(), e.getValue(), run.rows().get(e.getKey()), position);
                }
            }
        }
        System.out.printf(Locale.ROOT, "KL(twin || quantized) at the position: %.4f%n", kl(ref.logits(),
                run.logits()));
        try (GgufFile gguf = GgufFile.open(twin)) {
            Deepseek2Config config = Deepseek2Config.fromGguf(gguf);
            float[][] biases = new float[config.base().blockCount()][];
            for (int l = 0; l < biases.length; l++) {
                biases[l] = bias(gguf, l);
            }
            counterfactuals(model, ref, run, biases, config, text, ctx, chunk, position);
        }
        int top = LogSoftmax.argmax(ref.logits(), 0, ref.logits().length);
        int runTop = LogSoftmax.argmax(run.logits(), 0, run.logits().length);
        System.out.printf(Locale.ROOT, "next token: twin's top %d (p %.4f, quantized p %.4f); quantized top %d"
                        + " (p %.4f, twin p %.4f)%n", top, p(ref.logits(), top), p(run.logits(), top), runTop,
                p(run.logits(), runTop), p(ref.logits(), runTop));
    }

    /**
     * The quantized run again with the twin's router logits (so its expert choice) put in at earlier positions of
     * one MoE layer where the two runs choose differently: at all of them, at each alone, and at all but each; the
     * divergence left at the traced position says which flips carry it.
     */
    private static void counterfactuals(Path model, Capture ref, Capture run, float[][] biases, Deepseek2Config c,
                                        String text, int ctx, int chunk, int position) throws Exception {
        for (int layer = 0; layer < c.base().blockCount(); layer++) {
            float[][] refLogits = ref.rows().get("ffn_moe_logits@" + layer);
            if (refLogits == null) {
                continue;
            }
            float[][] runLogits = run.rows().get("ffn_moe_logits@" + layer);
            Map<Integer, float[]> flipped = new TreeMap<>();
            for (int p = 0; p <= position; p++) {
                if (!chosen(c, refLogits[p], biases[layer]).equals(chosen(c, runLogits[p], biases[layer]))) {
                    flipped.put(p, refLogits[p]);
                }
            }
            System.out.printf(Locale.ROOT, "layer %d, the twin's routing at the %d positions up to it that choose"
                    + " otherwise: KL %.4f%n", layer, flipped.size(), forcedKl(model, ref, text, ctx, chunk,
                    position, layer, flipped));
            for (int p : flipped.keySet()) {
                Map<Integer, float[]> others = new TreeMap<>(flipped);
                others.remove(p);
                System.out.printf(Locale.ROOT, "  position %d: alone KL %.4f, all but it KL %.4f%n", p,
                        forcedKl(model, ref, text, ctx, chunk, position, layer, Map.of(p, flipped.get(p))),
                        forcedKl(model, ref, text, ctx, chunk, position, layer, others));
            }
        }
    }

    private static double forcedKl(Path model, Capture ref, String text, int ctx, int chunk, int position, int layer,
                                   Map<Integer, float[]> forced) throws Exception {
        return kl(ref.logits(), capture(model, runCache, text, ctx, chunk, position, layer, forced).logits());
    }

    private static Capture capture(Path file, KvCacheType cache, String text, int ctx, int chunk, int position,
                                   int forcedLayer, Map<Integer, float[]> forced) throws Exception {
        try (Model m = Models.load(file, ModelOptions.defaults().withThreads(2).withCacheType(cache))) {
            Tokenizer tok = Tokenizers.fromGguf(m.gguf());
            int[] tokens = tok.encode(text, tok.addBosByDefault(), false);
            int evalCtx = ctx;
            int evalChunk = chunk;
            if (position < ctx / 2) { // unscored: the chunk's opening as a chunk of its own, scored from the position
                tokens = Arrays.copyOfRange(tokens, chunk * ctx, chunk * ctx + 2 * position);
                evalCtx = 2 * position;
                evalChunk = 0;
            }
            ChunkedEvaluator evaluator = new ChunkedEvaluator((PagedModel) m, evalCtx,
                    tok.addBosByDefault() ? tok.bosId() : -1);
            Map<String, float[][]> rows = new LinkedHashMap<>();
            int[] stepStart = {0, 0}; // first position of the current step, rows of the step
            evaluator.setCheckpoints((name, layer, buffer, n, width) -> {
                if (name.equals("inp_embd")) {
                    stepStart[0] += stepStart[1];
                    stepStart[1] = n;
                }
                if (layer == forcedLayer && name.equals("ffn_moe_logits")) {
                    for (int r = 0; r < n; r++) {
                        float[] f = forced.get(stepStart[0] + r);
                        if (f != null) {
                            System.arraycopy(f, 0, buffer, r * width, width);
                        }
                    }
                }
                if (layer >= 0) {
                    float[][] byPosition = rows.computeIfAbsent(name + "@" + layer, k -> new float[ctx][]);
                    for (int r = 0; r < n && stepStart[0] + r <= position; r++) {
                        byPosition[stepStart[0] + r] = Arrays.copyOfRange(buffer, r * width,
                                (r + 1) * width);
                    }
                }
            });
            float[][] logits = new float[1][];
            int half = evalCtx / 2;
            evaluator.evaluate(tokens, evalChunk, (c, index, l, offset, next) -> {
                if (half + index == position) {
                    logits[0] = Arrays.copyOfRange(l, offset, offset + m.config().vocabSize());
                }
            });
            return new Capture(rows, logits[0]);
        }
    }

    /** The positions up to {@code position} where the two runs choose different experts, with the twin's margin. */
    private static void flips(Deepseek2Config c, float[][] ref, float[][] run, float[] bias, int position) {
        for (int p = 0; p <= position; p++) {
            if (!chosen(c, ref[p], bias).equals(chosen(c, run[p], bias))) {
                System.out.printf(Locale.ROOT, "  position %d chooses other experts:%n    twin:      %s%n"
                        + "    quantized: %s%n", p, routing(c, ref[p], bias, true), routing(c, run[p], bias, true));
            }
        }
    }

    private static Set<Integer> chosen(Deepseek2Config c, float[] logits, float[] bias) {
        MoeRouter router = MoeRouter.of(c);
        router.route(logits, bias);
        Set<Integer> set = new TreeSet<>();
        for (int k = 0; k < router.usedCount(); k++) {
            set.add(router.selected()[k]);
        }
        return set;
    }

    /** The five positions up to {@code last} whose rows differ most between the runs, farthest first. */
    private static List<Integer> farthest(float[][] ref, float[][] run, int last) {
        Integer[] order = new Integer[last + 1];
        for (int p = 0; p <= last; p++) {
            order[p] = p;
        }
        Arrays.sort(order, (x, y) -> Double.compare(relL2(ref[y], run[y]), relL2(ref[x], run[x])));
        return List.of(order).subList(0, Math.min(5, order.length));
    }

    private static void printFarthest(String name, float[][] ref, float[][] run, int last) {
        StringBuilder s = new StringBuilder(name + ": largest rel L2 at positions");
        for (int p : farthest(ref, run, last)) {
            s.append(String.format(Locale.ROOT, " %d (%.3e)", p, relL2(ref[p], run[p])));
        }
        System.out.println(s);
    }

    /** KL(softmax(p) || softmax(q)) over the vocabulary, in double. */
    private static double kl(float[] p, float[] q) {
        double lp = LogSoftmax.logSumExp(p, 0, p.length);
        double lq = LogSoftmax.logSumExp(q, 0, q.length);
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] - lp;
            kl += Math.exp(a) * (a - (q[i] - lq));
        }
        return kl;
    }

    private static float[] bias(GgufFile gguf, int layer) throws Exception {
        GgufTensor t = gguf.findTensor("blk." + layer + ".exp_probs_b.bias").orElse(null);
        if (t == null) {
            return null;
        }
        float[] b = new float[(int) t.elementCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = t.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
        }
        return b;
    }

    /** The chosen experts with their selection scores, the kept groups, and the margins at the cut. */
    private static String routing(Deepseek2Config c, float[] logits, float[] bias, boolean margins) {
        MoeRouter router = MoeRouter.of(c);
        router.route(logits, bias);
        float[] sel = new float[c.expertCount()];
        for (int e = 0; e < sel.length; e++) {
            float p = router.probabilities()[e];
            sel[e] = bias == null ? p : p + bias[e];
        }
        StringBuilder s = new StringBuilder("experts");
        for (int k = 0; k < router.usedCount(); k++) {
            int x = router.selected()[k];
            s.append(String.format(Locale.ROOT, " %d(%.5f)", x, sel[x]));
        }
        int groups = c.expertGroupCount();
        int per = c.expertCount() / Math.max(1, groups);
        float[] groupScore = new float[Math.max(1, groups)];
        if (groups > 1) {
            s.append("; group scores");
            for (int g = 0; g < groups; g++) {
                float first = Float.NEGATIVE_INFINITY;
                float second = Float.NEGATIVE_INFINITY;
                for (int e = g * per; e < (g + 1) * per; e++) {
                    if (sel[e] > first) {
                        second = first;
                        first = sel[e];
                    } else if (sel[e] > second) {
                        second = sel[e];
                    }
                }
                groupScore[g] = first + second;
                s.append(String.format(Locale.ROOT, " %d:%.5f", g, groupScore[g]));
            }
        }
        if (margins) {
            float last = sel[router.selected()[router.usedCount() - 1]];
            float bestOut = Float.NEGATIVE_INFINITY;
            int bestOutId = -1;
            for (int e = 0; e < sel.length; e++) {
                boolean chosen = false;
                for (int k = 0; k < router.usedCount(); k++) {
                    chosen |= router.selected()[k] == e;
                }
                boolean groupKept = groups <= 1 || isKept(groupScore, e / per, c.expertGroupUsedCount());
                if (!chosen && groupKept && sel[e] > bestOut) {
                    bestOut = sel[e];
                    bestOutId = e;
                }
            }
            s.append(String.format(Locale.ROOT, "; expert margin %.3e (last chosen vs %d)", last - bestOut,
                    bestOutId));
            if (groups > 1) {
                float[] sorted = groupScore.clone();
                Arrays.sort(sorted);
                int kept = c.expertGroupUsedCount();
                s.append(String.format(Locale.ROOT, "; group margin %.3e",
                        sorted[groups - kept] - sorted[groups - kept - 1]));
            }
        }
        return s.toString();
    }

    private static boolean isKept(float[] groupScore, int g, int kept) {
        int better = 0;
        for (int h = 0; h < groupScore.length; h++) {
            if (groupScore[h] > groupScore[g] || (groupScore[h] == groupScore[g] && h < g)) {
                better++;
            }
        }
        return better < kept;
    }

    private static double p(float[] logits, int t) {
        return Math.exp(logits[t] - LogSoftmax.logSumExp(logits, 0, logits.length));
    }

    private static double relL2(float[] a, float[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (double) (a[i] - b[i]) * (a[i] - b[i]);
            n += (double) a[i] * a[i];
        }
        return Math.sqrt(d / n);
    }
}
