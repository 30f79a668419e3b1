package io.jseek.model.llama;

import io.jseek.model.ModelConfig;
import io.jseek.model.WeightLoader;
import io.jseek.tensor.FloatTensor;
import java.io.IOException;

/**
 * The weights of one pre-norm decoder block with grouped-query attention and a SwiGLU FFN ({@code blk.N.*}).
 * Matrices are {@code [out][in]} (GGUF {@code {in, out}}); biases and q/k norms are null when absent.
 */
public record DenseLayer(FloatTensor attnNorm,  // [E]
                         FloatTensor wq,        // [H*d][E]
                         FloatTensor wk,        // [Hkv*d][E]
                         FloatTensor wv,        // [Hkv*dv][E]
                         FloatTensor wo,        // [E][H*dv]
                         FloatTensor bq,        // [H*d] or null
                         FloatTensor bk,        // [Hkv*d] or null
                         FloatTensor bv,        // [Hkv*dv] or null
                         FloatTensor bo,        // [E] or null
                         FloatTensor qNorm,     // [d] or null: per-head RMSNorm weight of q (qwen3)
                         FloatTensor kNorm,     // [d] or null: per-head RMSNorm weight of k (qwen3)
                         FloatTensor ffnNorm,   // [E]
                         FloatTensor ffnGate,   // [F][E]
                         FloatTensor ffnUp,     // [F][E]
                         FloatTensor ffnDown) { // [E][F]

    /** Loads layer {@code l} with the tensors {@code variant} requires. */
    static DenseLayer load(WeightLoader w, ModelConfig c, int l, DenseVariant variant) throws IOException {
        String p = "blk." + l + ".";
        long e = c.embeddingLength();
        long q = (long) c.headCount(l) * c.keyLength();
        long k = (long) c.headCountKv(l) * c.keyLength();
        long v = (long) c.headCountKv(l) * c.valueLength();
        long o = (long) c.headCount(l) * c.valueLength();
        long f = c.feedForwardLength(l);
        return new DenseLayer(
                w.require(p + "attn_norm.weight", e),
                w.require(p + "attn_q.weight", e, q),
                w.require(p + "attn_k.weight", e, k),
                w.require(p + "attn_v.weight", e, v),
                w.require(p + "attn_output.weight", o, e),
                bias(w, p + "attn_q.bias", q, variant.qkvBiases()),
                bias(w, p + "attn_k.bias", k, variant.qkvBiases()),
                bias(w, p + "attn_v.bias", v, variant.qkvBiases()),
                w.optional(p + "attn_output.bias", e).orElse(null),
                variant.qkNorm() ? w.require(p + "attn_q_norm.weight", c.keyLength()) : null,
                variant.qkNorm() ? w.require(p + "attn_k_norm.weight", c.keyLength()) : null,
                w.require(p + "ffn_norm.weight", e),
                w.require(p + "ffn_gate.weight", e, f),
                w.require(p + "ffn_up.weight", e, f),
                w.require(p + "ffn_down.weight", f, e));
    }

    private static FloatTensor bias(WeightLoader w, String name, long n, boolean required) throws IOException {
        return required ? w.require(name, n) : w.optional(name, n).orElse(null);
    }
}
