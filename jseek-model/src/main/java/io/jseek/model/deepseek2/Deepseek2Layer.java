package io.jseek.model.deepseek2;

import io.jseek.model.WeightLoader;
import io.jseek.tensor.FloatTensor;
import java.io.IOException;

/**
 * The weights of one deepseek2 block ({@code blk.N.*}, spec §2.4.2). Matrices are {@code [out][in]} (GGUF
 * {@code {in, out}}); absent tensors are null. Exactly one of {@code wq} (no q-LoRA) or {@code wqA/wqB}; exactly one of
 * {@code wkvB} (legacy) or {@code wkB/wvB} (split MLA); either the dense FFN or the MoE tensors.
 *
 * <p>Shape names: E embedding, H heads, Dn nope, Dr rope, Dv value, R kv LoRA rank, Rq q LoRA rank, N experts,
 * Fe expert width, S shared experts, F dense FFN width.
 */
public record Deepseek2Layer(FloatTensor attnNorm,     // [E]
                             FloatTensor wq,           // [H*(Dn+Dr)][E] without q-LoRA only
                             FloatTensor wqA,          // [Rq][E]
                             FloatTensor qANorm,       // [Rq]
                             FloatTensor wqB,          // [H*(Dn+Dr)][Rq]
                             FloatTensor wkvAMqa,      // [R+Dr][E]
                             FloatTensor kvANorm,      // [R]
                             FloatTensor wkvB,         // [H*(Dn+Dv)][R] legacy only
                             FloatTensor wkB,          // [H][R][Dn] split only
                             FloatTensor wvB,          // [H][Dv][R] split only
                             FloatTensor wo,           // [E][H*Dv]
                             FloatTensor ffnNorm,      // [E]
                             FloatTensor ffnGate,      // [F][E] dense layers
                             FloatTensor ffnUp,        // [F][E]
                             FloatTensor ffnDown,      // [E][F]
                             FloatTensor gateInp,      // [N][E] MoE layers (router)
                             float[] expProbsBias,     // [N] or null: selection-only bias
                             FloatTensor gateExps,     // [N][Fe][E]
                             FloatTensor upExps,       // [N][Fe][E]
                             FloatTensor downExps,     // [N][E][Fe]
                             FloatTensor gateShexp,    // [Fe*S][E] or null when S = 0
                             FloatTensor upShexp,      // [Fe*S][E] or null
                             FloatTensor downShexp) {  // [E][Fe*S] or null

    /** Loads and shape-checks layer {@code l}. */
    public static Deepseek2Layer load(WeightLoader w, Deepseek2Config c, int l) throws IOException {
        String p = "blk." + l + ".";
        long e = c.base().embeddingLength();
        long h = c.heads();
        long r = c.kvLoraRank();
        long q = h * c.keyDim();
        boolean queryLora = c.hasQueryLora();
        boolean moe = c.isMoeLayer(l);
        long f = c.base().feedForwardLength(l);
        long n = c.expertCount();
        long fe = c.expertFeedForwardLength();
        long fs = fe * c.expertSharedCount();
        boolean shared = moe && fs > 0; // expert_shared_count 0: routed experts only
        return new Deepseek2Layer(
                w.require(p + "attn_norm.weight", e),
                queryLora ? null : w.require(p + "attn_q.weight", e, q),
                queryLora ? w.require(p + "attn_q_a.weight", e, c.qLoraRank()) : null,
                queryLora ? w.require(p + "attn_q_a_norm.weight", c.qLoraRank()) : null,
                queryLora ? w.require(p + "attn_q_b.weight", c.qLoraRank(), q) : null,
                w.require(p + "attn_kv_a_mqa.weight", e, r + c.ropeDim()),
                w.require(p + "attn_kv_a_norm.weight", r),
                c.splitMla() ? null : w.require(p + "attn_kv_b.weight", r, h * (c.nopeDim() + c.valueDim())),
                c.splitMla() ? w.require(p + "attn_k_b.weight", c.nopeDim(), r, h) : null,
                c.splitMla() ? w.require(p + "attn_v_b.weight", r, c.valueDim(), h) : null,
                w.require(p + "attn_output.weight", h * c.valueDim(), e),
                w.require(p + "ffn_norm.weight", e),
                moe ? null : w.require(p + "ffn_gate.weight", e, f),
                moe ? null : w.require(p + "ffn_up.weight", e, f),
                moe ? null : w.require(p + "ffn_down.weight", f, e),
                moe ? w.require(p + "ffn_gate_inp.weight", e, n) : null,
                moe ? w.optional(p + "exp_probs_b.bias", n).map(WeightLoader::toArray).orElse(null) : null,
                moe ? w.require(p + "ffn_gate_exps.weight", e, fe, n) : null,
                moe ? w.require(p + "ffn_up_exps.weight", e, fe, n) : null,
                moe ? w.require(p + "ffn_down_exps.weight", fe, e, n) : null,
                shared ? w.require(p + "ffn_gate_shexp.weight", e, fs) : null,
                shared ? w.require(p + "ffn_up_shexp.weight", e, fs) : null,
                shared ? w.require(p + "ffn_down_shexp.weight", fs, e) : null);
    }
}
