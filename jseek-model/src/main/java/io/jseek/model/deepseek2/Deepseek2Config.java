package io.jseek.model.deepseek2;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.model.ModelConfig;
import io.jseek.model.ModelLoadException;
import io.jseek.model.RopeType;
import java.io.IOException;

/**
 * deepseek2 hyper-parameters (../shared/docs/deepseek-spec.md §2.1, §2.4.1): the shared {@link ModelConfig} plus
 * multi-head latent attention (MLA) ranks and head splits, DeepSeekMoE routing, and the YaRN attention magnitudes.
 *
 * <p>Head widths come from {@code key_length_mla}/{@code value_length_mla} when present (the newer split
 * {@code attn_k_b}/{@code attn_v_b} files, where {@code key_length}/{@code value_length} describe the 576/512 MQA
 * cache instead), else from {@code key_length}/{@code value_length} (legacy {@code attn_kv_b} files). Whether queries are
 * compressed (q-LoRA, {@link #hasQueryLora()}) is decided by the presence of {@code blk.0.attn_q_a.weight}, not by layer count.
 *
 * @param base the shared hyper-parameters ({@code base.keyLength()} is the raw GGUF value, see {@link #keyDim()})
 * @param qLoraRank query compression rank, 0 without q-LoRA (one {@code attn_q} matrix, as in V2-Lite)
 * @param kvLoraRank rank of the compressed latent {@code c} that the cache stores
 * @param ropeDim rotated dims per head ({@code n_rot}, 64 in DeepSeek)
 * @param nopeDim non-rotated q/k dims per head (128)
 * @param valueDim value dims per head (128)
 * @param splitMla whether the file has {@code attn_k_b}/{@code attn_v_b} instead of {@code attn_kv_b}
 * @param expertCount routed experts per MoE layer
 * @param expertUsedCount experts chosen per token (top-k)
 * @param leadingDenseBlockCount the first layers use a dense FFN instead of MoE
 * @param expertFeedForwardLength hidden width of one expert (and of one shared expert)
 * @param expertSharedCount shared experts, fused in one FFN of width {@code expertFeedForwardLength · count}
 * @param expertWeightsScale routed scaling factor (0 and 1 mean none)
 * @param expertWeightsNorm whether the top-k probabilities are renormalized to sum to 1
 * @param gating softmax or sigmoid router
 * @param expertGroupCount expert groups for group-limited routing (0 or 1: none)
 * @param expertGroupUsedCount groups kept per token
 * @param yarnLogMultiplier GGUF {@code rope.scaling.yarn_log_multiplier} (0.1·mscale_all_dim), 0 when absent
 * @param attentionScale the softmax scale and RoPE magnitude derived from the above
 * @param tiedOutput whether {@code output.weight} is absent and the embedding doubles as the output matrix
 */
public record Deepseek2Config(ModelConfig base, int qLoraRank, int kvLoraRank, int ropeDim, int nopeDim, int valueDim,
                              boolean splitMla, int expertCount, int expertUsedCount, int leadingDenseBlockCount,
                              int expertFeedForwardLength, int expertSharedCount, float expertWeightsScale,
                              boolean expertWeightsNorm, ExpertGating gating, int expertGroupCount,
                              int expertGroupUsedCount, float yarnLogMultiplier, MlaAttentionScale attentionScale,
                              boolean tiedOutput) {

    public static final String ARCH = "deepseek2";

    /** Reads and checks a deepseek2 file's metadata. */
    public static Deepseek2Config fromGguf(GgufFile file) throws IOException {
        String arch = file.getString("general.architecture");
        if (!ARCH.equals(arch)) {
            throw new ModelLoadException(file.path() + ": architecture '" + arch + "' is not " + ARCH);
        }
        String p = ARCH + ".";
        GgufTensor embd = file.tensor("token_embd.weight");
        ModelConfig base = ModelConfig.fromGguf(file, Math.toIntExact(embd.dim(1)), RopeType.NORM);
        boolean queryLora = file.findTensor("blk.0.attn_q_a.weight").isPresent();
        int qLora = queryLora ? (int) file.getLong(p + "attention.q_lora_rank") : 0;
        int kvLora = (int) file.getLong(p + "attention.kv_lora_rank");
        int keyDim = (int) file.findLong(p + "attention.key_length_mla").orElse(base.keyLength());
        int valueDim = (int) file.findLong(p + "attention.value_length_mla").orElse(base.valueLength());
        int ropeDim = base.rope().dimensionCount();
        boolean split = file.findTensor("blk.0.attn_k_b.weight").isPresent();
        float logMul = file.findDouble(p + "rope.scaling.yarn_log_multiplier").orElse(0.0).floatValue();
        int groups = (int) file.findLong(p + "expert_group_count").orElse(0);
        Deepseek2Config c = new Deepseek2Config(base, qLora, kvLora, ropeDim, keyDim - ropeDim, valueDim, split,
                (int) file.getLong(p + "expert_count"), (int) file.getLong(p + "expert_used_count"),
                (int) file.findLong(p + "leading_dense_block_count").orElse(0),
                (int) file.getLong(p + "expert_feed_forward_length"),
                (int) file.getLong(p + "expert_shared_count"),
                file.findDouble(p + "expert_weights_scale").orElse(0.0).floatValue(),
                file.findBoolean(p + "expert_weights_norm").orElse(false),
                ExpertGating.fromGguf(file.findLong(p + "expert_gating_func").orElse(0)),
                groups, (int) file.findLong(p + "expert_group_used_count").orElse(0), logMul,
                MlaAttentionScale.of(base.rope(), logMul, keyDim), file.findTensor("output.weight").isEmpty());
        c.validate(file);
        return c;
    }

    private void validate(GgufFile file) throws ModelLoadException {
        String where = file.path() + ": ";
        if (nopeDim < 1 || ropeDim % 2 != 0) {
            throw new ModelLoadException(where + "bad MLA head split: key " + keyDim() + ", rope " + ropeDim);
        }
        if (expertUsedCount < 1 || expertUsedCount > expertCount) {
            throw new ModelLoadException(where + "expert_used_count " + expertUsedCount + " of " + expertCount);
        }
        if (expertGroupCount > 1 && (expertCount % expertGroupCount != 0 || expertGroupUsedCount < 1
                || expertGroupUsedCount >= expertGroupCount || expertCount / expertGroupCount < 2)) {
            throw new ModelLoadException(where + "bad expert groups: " + expertGroupCount + " groups, "
                    + expertGroupUsedCount + " used, " + expertCount + " experts");
        }
        for (int l = 1; l < base.blockCount(); l++) {
            if (base.headCount(l) != heads()) {
                throw new ModelLoadException(where + "per-layer head counts are not supported for " + ARCH);
            }
        }
    }

    /** Query heads (deepseek2 uses one count for all layers). */
    public int heads() {
        return base.headCount(0);
    }

    /** Decompressed q/k width per head: {@code nope + rope}. */
    public int keyDim() {
        return nopeDim + ropeDim;
    }

    /** Floats cached per token and layer: the normalized latent and the rotated shared key. */
    public int latentCacheWidth() {
        return kvLoraRank + ropeDim;
    }

    /** Whether queries go through the q-LoRA ({@code attn_q_a}, {@code attn_q_b}) rather than one {@code attn_q}. */
    public boolean hasQueryLora() {
        return qLoraRank != 0;
    }

    public boolean isMoeLayer(int layer) {
        return layer >= leadingDenseBlockCount;
    }
}
