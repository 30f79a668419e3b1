package io.jseek.model.deepseek2;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.quantize.QuantMix;
import io.jseek.model.tools.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a random-weight deepseek2 GGUF (see {@link TinyDeepseek2Spec}) with the real tokenizer metadata of a vocab
 * GGUF, so that jseek and llama.cpp run identical files in the golden tests.
 *
 * <p>Deterministic: each tensor draws from its own {@link SplittableRandom} seeded from the spec seed and the tensor
 * name. The legacy and split MLA forms of one spec carry the same values: {@code attn_k_b}/{@code attn_v_b} are
 * cut from the very {@code attn_kv_b} matrix the legacy file stores, exactly as the converter does (spec §2.4.4).
 * Router, norms and {@code exp_probs_b} stay F32 like in converted files; other matrices use the spec's type, or
 * for K-quants llama-quantize's fallback where rows are not a multiple of 256 ({@link QuantMix#fitting}).
 */
public final class TinyDeepseek2Writer {
    private static final float RMS_EPS = 1e-6f;

    private TinyDeepseek2Writer() {
    }

    /** Writes {@code spec} to {@code out}, copying {@code tokenizer.*} metadata from {@code vocabGguf}. */
    public static void write(TinyDeepseek2Spec spec, Path vocabGguf, Path out) throws IOException {
        try (GgufFile vocab = GgufFile.open(vocabGguf)) {
            GgufWriter w = new GgufWriter();
            int vocabSize = vocab.getStringArray("tokenizer.ggml.tokens").length;
            hyperParameters(w, spec);
            copyTokenizer(vocab, w);
            tensors(w, spec, vocabSize);
            w.write(out);
        }
    }

    private static void hyperParameters(GgufWriter w, TinyDeepseek2Spec s) {
        String a = "deepseek2.";
        w.putString("general.architecture", "deepseek2");
        w.putString("general.name", "jseek random " + s.name());
        w.putUint32("general.file_type", switch (s.weightType()) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 32;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 15;
            case Q6_K -> 18;
            default -> throw new IllegalArgumentException("no llama_ftype for " + s.weightType());
        });
        w.putUint32("general.quantization_version", 2);
        w.putUint32(a + "context_length", s.contextLength());
        w.putUint32(a + "embedding_length", s.embd());
        w.putUint32(a + "block_count", s.layers());
        w.putUint32(a + "feed_forward_length", s.denseFf());
        w.putUint32(a + "attention.head_count", s.heads());
        int keyMla = s.nopeDim() + s.ropeDim();
        // split files describe the MQA latent cache in key/value_length and the per-head sizes in *_mla
        w.putUint32(a + "attention.head_count_kv", s.splitMla() ? 1 : s.heads());
        w.putUint32(a + "attention.key_length", s.splitMla() ? s.kvLoraRank() + s.ropeDim() : keyMla);
        w.putUint32(a + "attention.value_length", s.splitMla() ? s.kvLoraRank() : s.valueDim());
        if (s.splitMla()) {
            w.putUint32(a + "attention.key_length_mla", keyMla);
            w.putUint32(a + "attention.value_length_mla", s.valueDim());
        }
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", RMS_EPS);
        if (s.qLoraRank() > 0) {
            w.putUint32(a + "attention.q_lora_rank", s.qLoraRank());
        }
        w.putUint32(a + "attention.kv_lora_rank", s.kvLoraRank());
        w.putFloat32(a + "rope.freq_base", 10000f);
        w.putUint32(a + "rope.dimension_count", s.ropeDim());
        if (s.yarnFactor() != 0f) {
            w.putString(a + "rope.scaling.type", "yarn");
            w.putFloat32(a + "rope.scaling.factor", s.yarnFactor());
            w.putUint32(a + "rope.scaling.original_context_length", 4096);
            w.putFloat32(a + "rope.scaling.yarn_log_multiplier", s.yarnLogMultiplier());
        }
        moeParameters(w, s);
    }

    private static void moeParameters(GgufWriter w, TinyDeepseek2Spec s) {
        String a = "deepseek2.";
        w.putUint32(a + "leading_dense_block_count", s.leadingDense());
        w.putUint32(a + "expert_feed_forward_length", s.expertFf());
        w.putUint32(a + "expert_count", s.experts());
        w.putUint32(a + "expert_used_count", s.expertsUsed());
        w.putUint32(a + "expert_shared_count", s.sharedExperts());
        w.putFloat32(a + "expert_weights_scale", s.weightsScale());
        w.putBool(a + "expert_weights_norm", s.weightsNorm());
        w.putUint32(a + "expert_gating_func", s.gating().ggufValue());
        if (s.groups() > 0) {
            w.putUint32(a + "expert_group_count", s.groups());
            w.putUint32(a + "expert_group_used_count", s.groupsUsed());
        }
    }

    /** Copies every {@code tokenizer.*} key with its stored type. */
    private static void copyTokenizer(GgufFile vocab, GgufWriter w) {
        for (String key : vocab.metadata().keySet()) {
            if (key.startsWith("tokenizer.")) {
                w.copy(vocab, key);
            }
        }
    }

    private static void tensors(GgufWriter w, TinyDeepseek2Spec s, int vocabSize) {
        int e = s.embd();
        matrix(w, s, "token_embd.weight", new long[] {e, vocabSize}, 1.0f);
        vector(w, s, "output_norm.weight", e, 1.0f, 0.2f);
        if (!s.tiedOutput()) {
            matrix(w, s, "output.weight", new long[] {e, vocabSize}, 0.35f);
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            attentionTensors(w, s, p);
            vector(w, s, p + "ffn_norm.weight", e, 1.0f, 0.2f);
            if (l < s.leadingDense()) {
                ffn(w, s, p, "", s.denseFf());
            } else {
                moeTensors(w, s, p);
            }
        }
    }

    private static void attentionTensors(GgufWriter w, TinyDeepseek2Spec s, String p) {
        int e = s.embd();
        int h = s.heads();
        int r = s.kvLoraRank();
        int q = h * (s.nopeDim() + s.ropeDim());
        vector(w, s, p + "attn_norm.weight", e, 1.0f, 0.2f);
        if (s.qLoraRank() == 0) {
            matrix(w, s, p + "attn_q.weight", new long[] {e, q}, 1.5f / (float) Math.sqrt(e));
        } else {
            matrix(w, s, p + "attn_q_a.weight", new long[] {e, s.qLoraRank()}, 1.0f / (float) Math.sqrt(e));
            vector(w, s, p + "attn_q_a_norm.weight", s.qLoraRank(), 1.0f, 0.2f);
            matrix(w, s, p + "attn_q_b.weight", new long[] {s.qLoraRank(), q}, 1.5f / (float) Math.sqrt(s.qLoraRank()));
        }
        matrix(w, s, p + "attn_kv_a_mqa.weight", new long[] {e, r + s.ropeDim()}, 1.5f / (float) Math.sqrt(e));
        vector(w, s, p + "attn_kv_a_norm.weight", r, 1.0f, 0.2f);
        int perHead = s.nopeDim() + s.valueDim();
        float[] kvB = RandomModelWriter.uniform(s.seed(), p + "attn_kv_b.weight", h * perHead * r, 0f,
                1.2f / (float) Math.sqrt(r));
        if (s.splitMla()) {
            add(w, s, p + "attn_k_b.weight", new long[] {s.nopeDim(), r, h}, kBFromKvB(kvB, s));
            add(w, s, p + "attn_v_b.weight", new long[] {r, s.valueDim(), h}, vBFromKvB(kvB, s));
        } else {
            add(w, s, p + "attn_kv_b.weight", new long[] {r, h * perHead}, kvB);
        }
        matrix(w, s, p + "attn_output.weight", new long[] {h * s.valueDim(), e},
                1.0f / (float) Math.sqrt(h * s.valueDim()));
    }

    /** {@code k_b[h][c][d] = kv_b[h·(Dn+Dv) + d][c]}: the k rows of each head, transposed. */
    static float[] kBFromKvB(float[] kvB, TinyDeepseek2Spec s) {
        int r = s.kvLoraRank();
        int dn = s.nopeDim();
        int perHead = dn + s.valueDim();
        float[] out = new float[s.heads() * r * dn];
        for (int h = 0; h < s.heads(); h++) {
            for (int c = 0; c < r; c++) {
                for (int d = 0; d < dn; d++) {
                    out[(h * r + c) * dn + d] = kvB[(h * perHead + d) * r + c];
                }
            }
        }
        return out;
    }

    /** {@code v_b[h][j][c] = kv_b[h·(Dn+Dv) + Dn + j][c]}: the v rows of each head, as they are. */
    static float[] vBFromKvB(float[] kvB, TinyDeepseek2Spec s) {
        int r = s.kvLoraRank();
        int perHead = s.nopeDim() + s.valueDim();
        float[] out = new float[s.heads() * s.valueDim() * r];
        for (int h = 0; h < s.heads(); h++) {
            System.arraycopy(kvB, (h * perHead + s.nopeDim()) * r, out, h * s.valueDim() * r, s.valueDim() * r);
        }
        return out;
    }

    private static void moeTensors(GgufWriter w, TinyDeepseek2Spec s, String p) {
        int e = s.embd();
        int n = s.experts();
        int fe = s.expertFf();
        w.addTensor(p + "ffn_gate_inp.weight", new long[] {e, n},
                RandomModelWriter.uniform(s.seed(), p + "ffn_gate_inp.weight", e * n, 0f, 2.0f / (float) Math.sqrt(e)));
        if (s.expProbsBias()) {
            vector(w, s, p + "exp_probs_b.bias", n, 0f, 0.3f);
        }
        matrix(w, s, p + "ffn_gate_exps.weight", new long[] {e, fe, n}, 1.0f / (float) Math.sqrt(e));
        matrix(w, s, p + "ffn_up_exps.weight", new long[] {e, fe, n}, 1.0f / (float) Math.sqrt(e));
        matrix(w, s, p + "ffn_down_exps.weight", new long[] {fe, e, n}, 1.0f / (float) Math.sqrt(fe));
        ffn(w, s, p, "_shexp", fe * s.sharedExperts());
    }

    private static void ffn(GgufWriter w, TinyDeepseek2Spec s, String p, String suffix, int f) {
        int e = s.embd();
        matrix(w, s, p + "ffn_gate" + suffix + ".weight", new long[] {e, f}, 1.0f / (float) Math.sqrt(e));
        matrix(w, s, p + "ffn_up" + suffix + ".weight", new long[] {e, f}, 1.0f / (float) Math.sqrt(e));
        matrix(w, s, p + "ffn_down" + suffix + ".weight", new long[] {f, e}, 1.0f / (float) Math.sqrt(f));
    }

    /** A random tensor of GGUF shape {@code shape} in the spec's weight type. */
    private static void matrix(GgufWriter w, TinyDeepseek2Spec s, String name, long[] shape, float std) {
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        add(w, s, name, shape, RandomModelWriter.uniform(s.seed(), name, Math.toIntExact(n), 0f, std));
    }

    private static void add(GgufWriter w, TinyDeepseek2Spec s, String name, long[] shape, float[] values) {
        GgmlType type = QuantMix.fitting(s.weightType(), shape[0]);
        if (type == GgmlType.F32) {
            w.addTensor(name, shape, values);
        } else {
            w.addTensor(name, type, shape, Quantizers.quantize(type, values));
        }
    }

    /** An F32 vector of {@code n} values around {@code mean}. */
    private static void vector(GgufWriter w, TinyDeepseek2Spec s, String name, int n, float mean, float std) {
        w.addTensor(name, new long[] {n}, RandomModelWriter.uniform(s.seed(), name, n, mean, std));
    }

    /** Uniform values with the given mean and standard deviation, from a stream owned by {@code name}. */

    /** {@code TinyDeepseek2Writer VOCAB_DIR OUT_DIR [CASE...]}: writes the named (default: all) tiny models. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TinyDeepseek2Writer VOCAB_DIR OUT_DIR [CASE...]");
            System.exit(2);
        }
        Path vocabDir = Path.of(args[0]);
        Path outDir = Files.createDirectories(Path.of(args[1]));
        for (TinyDeepseek2Spec spec : TinyDeepseek2Spec.all()) {
            if (args.length > 2 && !Arrays.asList(args).subList(2, args.length).contains(spec.name())) {
                continue;
            }
            Path out = outDir.resolve(spec.name() + ".gguf");
            write(spec, vocabDir.resolve(spec.vocab()), out);
            System.out.println(out);
        }
    }
}
