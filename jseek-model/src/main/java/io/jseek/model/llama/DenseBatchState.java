package io.jseek.model.llama;

import io.jseek.model.BatchState;
import io.jseek.model.ModelConfig;

/**
 * The activation buffers of a dense decoder's batched step, allocated once: one row per token of the batch. Within
 * a layer each buffer is packed with that layer's actual width as row stride (so element-wise ops can run over the
 * whole {@code [rows, width]} block at once); sizes use the largest per-layer widths.
 */
final class DenseBatchState extends BatchState {
    final float[] x;        // [T, E] residual streams
    final float[] xb;       // [T, E] normalised block inputs; finally the normalised logits rows
    final float[] xb2;      // [T, E] block outputs before the residual add
    final float[] q;        // [T, maxH * d]
    final float[] k;        // [T, maxHkv * d]
    final float[] v;        // [T, maxHkv * dv]
    final float[] attnOut;  // [T, maxH * dv]
    final float[] hb;       // [T, maxF] gate, then silu(gate) * up
    final float[] hb2;      // [T, maxF] up
    final float[] ropeCos;  // [T, nRot/2] per row's position
    final float[] ropeSin;  // [T, nRot/2]
    final DenseBatchAttention attention;

    DenseBatchState(ModelConfig c, int maxTokens, int maxContext, int threads) {
        super(maxTokens, maxContext);
        int e = c.embeddingLength();
        int pairs = c.rope().dimensionCount() / 2;
        x = new float[maxTokens * e];
        xb = new float[maxTokens * e];
        xb2 = new float[maxTokens * e];
        q = new float[maxTokens * c.maxHeadCount() * c.keyLength()];
        k = new float[maxTokens * c.maxHeadCountKv() * c.keyLength()];
        v = new float[maxTokens * c.maxHeadCountKv() * c.valueLength()];
        attnOut = new float[maxTokens * c.maxHeadCount() * c.valueLength()];
        hb = new float[maxTokens * c.maxFeedForwardLength()];
        hb2 = new float[maxTokens * c.maxFeedForwardLength()];
        ropeCos = new float[maxTokens * pairs];
        ropeSin = new float[maxTokens * pairs];
        attention = new DenseBatchAttention(threads, maxContext);
    }
}
