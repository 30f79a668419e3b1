package io.jseek.model.llama;

/**
 * What a dense architecture adds to the llama block; everything else (pre-norm, GQA, SwiGLU, tied output) is shared.
 *
 * @param qkvBiases q/k/v biases are required ({@code qwen2}); otherwise they are optional ({@code llama}: some files
 *     have them) or, with {@code qkNorm}, absent
 * @param qkNorm per-head RMSNorm on q and k after the projection, before RoPE ({@code qwen3}:
 *     {@code blk.N.attn_q_norm.weight}, {@code blk.N.attn_k_norm.weight}, one weight of the head width each)
 */
record DenseVariant(boolean qkvBiases, boolean qkNorm) {
    static final DenseVariant LLAMA = new DenseVariant(false, false);
    static final DenseVariant QWEN2 = new DenseVariant(true, false);
    static final DenseVariant QWEN3 = new DenseVariant(false, true);
}
