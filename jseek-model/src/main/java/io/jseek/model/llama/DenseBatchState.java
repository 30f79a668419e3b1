package io.jseek.model.llama;

import io.jseek.model.ModelConfig;
import io.jseek.model.decoder.DecoderState;

/**
 * The activation buffers of a dense decoder's batched step, allocated once: one row per token of the batch. Within
 * a layer each buffer is packed with that layer's actual width as row stride (so element-wise ops can run over the
 * whole {@code [rows, width]} block at once); sizes use the largest per-layer widths.
 */
final class DenseBatchState extends DecoderState {
    final float[] q;        // [T, maxH * d]
    final float[] k;        // [T, maxHkv * d]
    final float[] v;        // [T, maxHkv * dv]
    final float[] attnOut;  // [T, maxH * dv]
    final DenseBatchAttention attention;

    DenseBatchState(ModelConfig c, int maxTokens, int maxContext, int threads) {
        super(maxTokens, maxContext, c.embeddingLength(), c.maxFeedForwardLength(), c.rope().dimensionCount() / 2);
        q = new float[maxTokens * c.maxHeadCount() * c.keyLength()];
        k = new float[maxTokens * c.maxHeadCountKv() * c.keyLength()];
        v = new float[maxTokens * c.maxHeadCountKv() * c.valueLength()];
        attnOut = new float[maxTokens * c.maxHeadCount() * c.valueLength()];
        attention = new DenseBatchAttention(threads, maxTokens, maxContext, c.maxHeadCount());
    }
}
