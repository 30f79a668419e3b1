package io.jseek.model.random;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a {@link RandomModelSpec}, in file order, each with the spread of its random values: the one
 * tensor layout of llama/qwen2/qwen3 and deepseek2 files that {@link RandomModelWriter} fills. Standard deviations
 * are chosen so that attention and logits are peaked enough for greedy decoding to be stable.
 */
final class RandomTensors {
    /** How a tensor's values are made. */
    enum Kind {
        /** A weight matrix in the spec's (or the mix's) type. */
        MATRIX,
        /** F32 values: norms, biases, the expert router. */
        F32,
        /** F32 values computed, not drawn ({@code rope_freqs}). */
        FIXED,
        /** The k rows of each head of the {@code attn_kv_b} drawn under {@link Tensor#source}, transposed. */
        K_B,
        /** The v rows of each head of the {@code attn_kv_b} drawn under {@link Tensor#source}. */
        V_B
    }

    /**
     * One tensor of GGUF shape {@code dims} whose values are drawn from the stream named {@code source} (its own name
     * but for {@link Kind#K_B}/{@link Kind#V_B}), uniform around {@code mean} with standard deviation {@code std}.
     */
    record Tensor(String name, Kind kind, long[] dims, float mean, float std, String source, float[] fixed) {
        long elements() {
            long n = 1;
            for (long d : dims) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    private final RandomModelSpec s;
    private final List<Tensor> out = new ArrayList<>();

    private RandomTensors(RandomModelSpec s) {
        this.s = s;
    }

    /** The tensors of {@code spec} with an embedding of {@code vocabSize} rows. */
    static List<Tensor> of(RandomModelSpec spec, int vocabSize) {
        RandomTensors t = new RandomTensors(spec);
        t.all(vocabSize);
        return t.out;
    }

    private void all(int vocabSize) {
        int e = s.embeddingLength();
        // a tied dense embedding is kept small, or every logit would be dominated by the current token's similarity
        // with itself; the deepseek2 golden cases were recorded with 1.0 either way
        matrix("token_embd.weight", s.tiedOutput() && s.mla() == null ? 0.3f : 1.0f, e, vocabSize);
        f32("output_norm.weight", 1.0f, 0.2f, e);
        if (!s.tiedOutput()) {
            matrix("output.weight", 0.35f, e, vocabSize);
        }
        if (s.llama3RopeFreqs()) {
            out.add(new Tensor("rope_freqs.weight", Kind.FIXED, new long[] {s.headDim() / 2}, 0f, 0f, null,
                    llama3Factors(s.headDim(), s.ropeFreqBase())));
        }
        for (int l = 0; l < s.blockCount(); l++) {
            String p = "blk." + l + ".";
            f32(p + "attn_norm.weight", 1.0f, 0.2f, e);
            if (s.mla() == null) {
                attention(p);
            } else {
                latentAttention(p);
            }
            f32(p + "ffn_norm.weight", 1.0f, 0.2f, e);
            if (s.moe() == null || l < s.moe().leadingDense()) {
                ffn(p, "", s.feedForwardLength());
            } else {
                experts(p);
            }
        }
    }

    private void attention(String p) {
        int e = s.embeddingLength();
        int d = s.headDim();
        int q = s.headCount() * d;
        int kv = s.headCountKv() * d;
        float std = 1.0f / (float) Math.sqrt(e);
        matrix(p + "attn_q.weight", 1.5f * std, e, q);
        matrix(p + "attn_k.weight", 1.5f * std, e, kv);
        matrix(p + "attn_v.weight", std, e, kv);
        if (s.architecture().equals("qwen2")) {
            f32(p + "attn_q.bias", 0f, 0.5f, q);
            f32(p + "attn_k.bias", 0f, 0.5f, kv);
            f32(p + "attn_v.bias", 0f, 0.5f, kv);
        }
        if (s.architecture().equals("qwen3")) {
            // after the per-head norm every q/k value is about 1, so the weights alone set the logit scale
            f32(p + "attn_q_norm.weight", 1.0f, 0.3f, d);
            f32(p + "attn_k_norm.weight", 1.0f, 0.3f, d);
        }
        matrix(p + "attn_output.weight", 1.0f / (float) Math.sqrt(q), q, e);
    }

    /**
     * MLA; the legacy and split forms of one spec carry the same values: {@code attn_k_b}/{@code attn_v_b} are cut
     * from the very {@code attn_kv_b} the legacy file stores, as the converter does (../shared/docs/deepseek-spec.md
     * §2.4.4).
     */
    private void latentAttention(String p) {
        RandomModelSpec.Mla mla = s.mla();
        int e = s.embeddingLength();
        int h = s.headCount();
        int r = mla.kvLoraRank();
        int q = h * (mla.nopeDim() + mla.ropeDim());
        float std = 1.0f / (float) Math.sqrt(e);
        if (mla.qLoraRank() == 0) {
            matrix(p + "attn_q.weight", 1.5f * std, e, q);
        } else {
            matrix(p + "attn_q_a.weight", std, e, mla.qLoraRank());
            f32(p + "attn_q_a_norm.weight", 1.0f, 0.2f, mla.qLoraRank());
            matrix(p + "attn_q_b.weight", 1.5f / (float) Math.sqrt(mla.qLoraRank()), mla.qLoraRank(), q);
        }
        matrix(p + "attn_kv_a_mqa.weight", 1.5f * std, e, r + mla.ropeDim());
        f32(p + "attn_kv_a_norm.weight", 1.0f, 0.2f, r);
        String kvB = p + "attn_kv_b.weight";
        float kvStd = 1.2f / (float) Math.sqrt(r);
        if (mla.split()) {
            out.add(new Tensor(p + "attn_k_b.weight", Kind.K_B, new long[] {mla.nopeDim(), r, h}, 0f, kvStd, kvB,
                    null));
            out.add(new Tensor(p + "attn_v_b.weight", Kind.V_B, new long[] {r, mla.valueDim(), h}, 0f, kvStd, kvB,
                    null));
        } else {
            matrix(kvB, kvStd, r, h * (mla.nopeDim() + mla.valueDim()));
        }
        int v = h * mla.valueDim();
        matrix(p + "attn_output.weight", 1.0f / (float) Math.sqrt(v), v, e);
    }

    private void experts(String p) {
        RandomModelSpec.Moe moe = s.moe();
        int e = s.embeddingLength();
        int fe = moe.expertFf();
        int n = moe.experts();
        f32(p + "ffn_gate_inp.weight", 0f, 2.0f / (float) Math.sqrt(e), e, n);
        if (moe.expProbsBias()) {
            f32(p + "exp_probs_b.bias", 0f, 0.3f, n);
        }
        float std = 1.0f / (float) Math.sqrt(e);
        matrix(p + "ffn_gate_exps.weight", std, e, fe, n);
        matrix(p + "ffn_up_exps.weight", std, e, fe, n);
        matrix(p + "ffn_down_exps.weight", 1.0f / (float) Math.sqrt(fe), fe, e, n);
        if (moe.shared() > 0) { // expert_shared_count 0: routed experts only, no shexp tensors
            ffn(p, "_shexp", fe * moe.shared());
        }
    }

    private void ffn(String p, String suffix, int f) {
        int e = s.embeddingLength();
        matrix(p + "ffn_gate" + suffix + ".weight", 1.0f / (float) Math.sqrt(e), e, f);
        matrix(p + "ffn_up" + suffix + ".weight", 1.0f / (float) Math.sqrt(e), e, f);
        matrix(p + "ffn_down" + suffix + ".weight", 1.0f / (float) Math.sqrt(f), f, e);
    }

    private void matrix(String name, float std, long... dims) {
        out.add(new Tensor(name, Kind.MATRIX, dims, 0f, std, name, null));
    }

    private void f32(String name, float mean, float std, long... dims) {
        out.add(new Tensor(name, Kind.F32, dims, mean, std, name, null));
    }

    /**
     * Llama-3.1 RoPE divisors as {@code convert_hf_to_gguf.py} computes them (factor 8, low/high frequency factors 1
     * and 4, original context 8192), for a head of {@code dims}.
     */
    static float[] llama3Factors(int dims, float base) {
        float[] factors = new float[dims / 2];
        double lowWavelen = 8192 / 1.0;
        double highWavelen = 8192 / 4.0;
        for (int i = 0; i < factors.length; i++) {
            double freq = 1.0 / Math.pow(base, 2.0 * i / dims);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                factors[i] = 1f;
            } else if (wavelen > lowWavelen) {
                factors[i] = 8f;
            } else {
                double smooth = (8192 / wavelen - 1) / (4 - 1);
                factors[i] = (float) (1 / ((1 - smooth) / 8 + smooth));
            }
        }
        return factors;
    }

    /** {@code k_b[h][c][d] = kv_b[h·(Dn+Dv) + d][c]}: the k rows of each head, transposed. */
    static float[] kB(float[] kvB, RandomModelSpec.Mla mla, int heads) {
        int r = mla.kvLoraRank();
        int dn = mla.nopeDim();
        int perHead = dn + mla.valueDim();
        float[] kb = new float[heads * r * dn];
        for (int h = 0; h < heads; h++) {
            for (int c = 0; c < r; c++) {
                for (int d = 0; d < dn; d++) {
                    kb[(h * r + c) * dn + d] = kvB[(h * perHead + d) * r + c];
                }
            }
        }
        return kb;
    }

    /** {@code v_b[h][j][c] = kv_b[h·(Dn+Dv) + Dn + j][c]}: the v rows of each head, as they are. */
    static float[] vB(float[] kvB, RandomModelSpec.Mla mla, int heads) {
        int r = mla.kvLoraRank();
        int perHead = mla.nopeDim() + mla.valueDim();
        float[] vb = new float[heads * mla.valueDim() * r];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(kvB, (h * perHead + mla.nopeDim()) * r, vb, h * mla.valueDim() * r,
                    mla.valueDim() * r);
        }
        return vb;
    }
}
