package io.jseek.model;

import io.jseek.gguf.GgufFile;
import java.io.IOException;
import java.util.Arrays;

/**
 * The hyper-parameters every decoder-only architecture shares, read from {@code {arch}.*} GGUF metadata
 * (../shared/docs/deepseek-spec.md §2.1). Head counts and FFN widths may differ per layer (files store one value or one
 * per layer). Architecture-specific extras (MoE, MLA ranks) belong in the architecture's own record.
 *
 * @param architecture {@code general.architecture}
 * @param embeddingLength {@code n_embd}
 * @param blockCount {@code n_layer}
 * @param vocabSize rows of {@code token_embd.weight}
 * @param contextLength training context {@code n_ctx_train}
 * @param headCount query heads per layer
 * @param headCountKv key/value heads per layer (GQA when fewer than query heads)
 * @param keyLength per-head query/key width ({@code n_embd_head_k}, default n_embd / n_head)
 * @param valueLength per-head value width ({@code n_embd_head_v})
 * @param feedForwardLength dense FFN width per layer
 * @param rmsEps RMSNorm epsilon
 * @param rope rotary embedding parameters
 */
public record ModelConfig(String architecture, int embeddingLength, int blockCount, int vocabSize,
                          int contextLength, int[] headCount, int[] headCountKv, int keyLength, int valueLength,
                          int[] feedForwardLength, float rmsEps, RopeConfig rope) {

    public ModelConfig {
        headCount = headCount.clone();
        headCountKv = headCountKv.clone();
        feedForwardLength = feedForwardLength.clone();
    }

    /** Reads the common keys; {@code vocabSize} comes from the embedding tensor, {@code ropeType} from the arch. */
    public static ModelConfig fromGguf(GgufFile file, int vocabSize, RopeType ropeType) throws IOException {
        String arch = file.getString("general.architecture");
        String p = arch + ".";
        int embd = Math.toIntExact(file.getLong(p + "embedding_length"));
        int layers = Math.toIntExact(file.getLong(p + "block_count"));
        int ctx = Math.toIntExact(file.getLong(p + "context_length"));
        int[] heads = file.findPerLayer(p + "attention.head_count", layers)
                .orElseThrow(() -> new ModelLoadException(file.path() + ": " + p + "attention.head_count is missing"));
        int[] kvHeads = file.findPerLayer(p + "attention.head_count_kv", layers).orElse(heads);
        int[] ff = file.findPerLayer(p + "feed_forward_length", layers).orElse(new int[layers]);
        int headK = (int) file.findLong(p + "attention.key_length").orElse(embd / heads[0]);
        int headV = (int) file.findLong(p + "attention.value_length").orElse(embd / heads[0]);
        float eps = file.findDouble(p + "attention.layer_norm_rms_epsilon")
                .orElseThrow(() -> new ModelLoadException(file.path() + ": " + p
                        + "attention.layer_norm_rms_epsilon is missing")).floatValue();
        RopeConfig rope = RopeConfig.fromGguf(file, arch, ropeType, headK, ctx);
        return new ModelConfig(arch, embd, layers, vocabSize, ctx, heads, kvHeads, headK, headV, ff, eps, rope);
    }

    public int headCount(int layer) {
        return headCount[layer];
    }

    public int headCountKv(int layer) {
        return headCountKv[layer];
    }

    public int feedForwardLength(int layer) {
        return feedForwardLength[layer];
    }

    @Override
    public int[] headCount() {
        return headCount.clone();
    }

    @Override
    public int[] headCountKv() {
        return headCountKv.clone();
    }

    @Override
    public int[] feedForwardLength() {
        return feedForwardLength.clone();
    }

    public int maxHeadCount() {
        return Arrays.stream(headCount).max().orElse(0);
    }

    public int maxHeadCountKv() {
        return Arrays.stream(headCountKv).max().orElse(0);
    }

    public int maxFeedForwardLength() {
        return Arrays.stream(feedForwardLength).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && c.architecture.equals(architecture)
                && c.embeddingLength == embeddingLength && c.blockCount == blockCount && c.vocabSize == vocabSize
                && c.contextLength == contextLength && Arrays.equals(c.headCount, headCount)
                && Arrays.equals(c.headCountKv, headCountKv) && c.keyLength == keyLength
                && c.valueLength == valueLength && Arrays.equals(c.feedForwardLength, feedForwardLength)
                && c.rmsEps == rmsEps && c.rope.equals(rope);
    }

    @Override
    public int hashCode() {
        return architecture.hashCode() * 31 + blockCount * 17 + embeddingLength;
    }

    @Override
    public String toString() {
        return architecture + "[embd=" + embeddingLength + ", layers=" + blockCount + ", vocab=" + vocabSize
                + ", ctx=" + contextLength + ", heads=" + Arrays.toString(headCount) + ", kvHeads="
                + Arrays.toString(headCountKv) + ", headDim=" + keyLength + "/" + valueLength + ", ff="
                + Arrays.toString(feedForwardLength) + ", eps=" + rmsEps + ", rope=" + rope + "]";
    }
}
