package io.jseek.model.decoder;

import io.jseek.model.BatchState;

/**
 * The buffers every decoder's batched step has, one row per token ({@code T} rows at most), packed with each buffer's
 * width as row stride: the residual streams, the block inputs and outputs, the FFN's hidden rows and the RoPE angles
 * of each row's position. Each architecture's state adds its own (attention, experts). Public for the architectures'
 * packages; this package is not exported.
 */
public abstract class DecoderState extends BatchState {
    public final float[] x;       // [T, E] residual streams
    public final float[] xb;      // [T, E] normalised block inputs; finally the normalised logits rows
    public final float[] xb2;     // [T, E] block outputs before the residual add
    public final float[] hb;      // [T, F] FFN gate, then silu(gate)·up
    public final float[] hb2;     // [T, F] FFN up
    public final float[] ropeCos; // [T, P] per row's position
    public final float[] ropeSin; // [T, P]

    /**
     * @param embd the embedding length {@code E}
     * @param ffn the widest FFN hidden row {@code F}
     * @param ropePairs rotated pairs per head {@code P}
     */
    protected DecoderState(int maxTokens, int maxContext, int embd, int ffn, int ropePairs) {
        super(maxTokens, maxContext);
        x = new float[maxTokens * embd];
        xb = new float[maxTokens * embd];
        xb2 = new float[maxTokens * embd];
        hb = new float[maxTokens * ffn];
        hb2 = new float[maxTokens * ffn];
        ropeCos = new float[maxTokens * ropePairs];
        ropeSin = new float[maxTokens * ropePairs];
    }
}
