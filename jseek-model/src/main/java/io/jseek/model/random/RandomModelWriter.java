package io.jseek.model.random;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.quantize.QuantMix;
import io.jseek.model.random.RandomTensors.Kind;
import io.jseek.model.random.RandomTensors.Tensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random-weight GGUF model ({@link RandomModelSpec}) with the real tokenizer of a vocab GGUF, so that jseek
 * and llama.cpp can be compared on identical files without shipping model weights. Two kinds of weights:
 * <ul>
 *   <li>{@link #write(RandomModelSpec, Path, Path)}: uniform values quantized to the spec's type the llama.cpp way
 *       ({@link Quantizers}; K-quants fall back as llama-quantize does where rows are not whole blocks), so that the
 *       F32/F16/Q8_0 variants of one spec carry the same underlying values: the golden-test models;</li>
 *   <li>{@link #write(RandomModelSpec, BenchQuant, Path, Path)}: random quantized blocks ({@link RandomBlocks})
 *       streamed to disk, each tensor in the type llama-quantize gives it in the file type's mix, so that a 2 GB
 *       model at a published shape takes seconds: the benchmark models of {@code jseek gen-model}.</li>
 * </ul>
 *
 * <p>Deterministic: every tensor draws from its own {@link SplittableRandom} seeded from the spec's seed and the
 * tensor name, so the same spec gives a byte-identical file.
 */
public final class RandomModelWriter {
    private static final float RMS_EPS = 1e-6f;
    private static final int UNUSED_TOKEN = 5;

    private RandomModelWriter() {
    }

    /** Writes {@code spec} with exactly quantized weights to {@code out}, tokenizer from {@code vocabGguf}. */
    public static void write(RandomModelSpec spec, Path vocabGguf, Path out) throws IOException {
        try (GgufFile vocab = GgufFile.open(vocabGguf)) {
            GgufWriter w = new GgufWriter();
            hyperParameters(w, spec, fileType(spec.weightType()), "jseek random " + spec.name());
            int vocabSize = tokenizer(w, vocab, spec.vocabSize());
            for (Tensor t : RandomTensors.of(spec, vocabSize)) {
                addExact(w, spec, t);
            }
            w.write(out);
        }
    }

    /**
     * Writes {@code spec} in {@code quant}'s mix of random blocks to {@code out}, tokenizer from {@code vocabGguf};
     * returns the file's size.
     */
    public static long write(RandomModelSpec spec, BenchQuant quant, Path vocabGguf, Path out) throws IOException {
        GgufWriter w = new GgufWriter();
        hyperParameters(w, spec, quant.fileType(), "jseek bench " + spec.name() + " " + quant);
        int vocabSize;
        try (GgufFile vocab = GgufFile.open(vocabGguf)) {
            vocabSize = tokenizer(w, vocab, spec.vocabSize());
        }
        addRandomBlocks(w, spec, quant, vocabSize);
        w.write(out);
        return Files.size(out);
    }

    /** Bytes of tensor data (without padding or metadata) that a {@code quant} file of {@code spec} holds. */
    public static long tensorBytes(RandomModelSpec spec, BenchQuant quant) {
        GgufWriter w = new GgufWriter();
        addRandomBlocks(w, spec, quant, spec.vocabSize());
        return w.tensorBytes();
    }

    private static void hyperParameters(GgufWriter w, RandomModelSpec s, int fileType, String title) {
        String a = s.architecture() + ".";
        RandomModelSpec.Mla mla = s.mla();
        w.putString("general.architecture", s.architecture());
        w.putString("general.name", title);
        w.putUint32("general.file_type", fileType);
        w.putUint32("general.quantization_version", 2);
        w.putUint32(a + "context_length", s.contextLength());
        w.putUint32(a + "embedding_length", s.embeddingLength());
        w.putUint32(a + "block_count", s.blockCount());
        w.putUint32(a + "feed_forward_length", s.feedForwardLength());
        w.putUint32(a + "attention.head_count", s.headCount());
        if (mla == null) {
            w.putUint32(a + "attention.head_count_kv", s.headCountKv());
        } else {
            latentAttentionParameters(w, a, s);
        }
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", RMS_EPS);
        if (mla != null) {
            if (mla.qLoraRank() > 0) {
                w.putUint32(a + "attention.q_lora_rank", mla.qLoraRank());
            }
            w.putUint32(a + "attention.kv_lora_rank", mla.kvLoraRank());
        }
        w.putFloat32(a + "rope.freq_base", s.ropeFreqBase());
        if (s.architecture().equals("llama")) {
            w.putUint32(a + "rope.dimension_count", s.headDim());
        }
        if (s.architecture().equals("qwen3")) {
            w.putUint32(a + "attention.key_length", s.headDim());
            w.putUint32(a + "attention.value_length", s.headDim());
        }
        if (mla != null) {
            w.putUint32(a + "rope.dimension_count", mla.ropeDim());
        }
        if (s.ropeLinearFactor() != 0f) {
            w.putString(a + "rope.scaling.type", "linear");
            w.putFloat32(a + "rope.scaling.factor", s.ropeLinearFactor());
        }
        if (s.yarn() != null) {
            w.putString(a + "rope.scaling.type", "yarn");
            w.putFloat32(a + "rope.scaling.factor", s.yarn().factor());
            w.putUint32(a + "rope.scaling.original_context_length", 4096);
            w.putFloat32(a + "rope.scaling.yarn_log_multiplier", s.yarn().logMultiplier());
        }
        if (s.moe() != null) {
            moeParameters(w, a, s.moe());
        }
    }

    /** Split files describe the MQA latent cache in key/value_length and the per-head sizes in {@code *_mla}. */
    private static void latentAttentionParameters(GgufWriter w, String a, RandomModelSpec s) {
        RandomModelSpec.Mla mla = s.mla();
        int keyMla = mla.nopeDim() + mla.ropeDim();
        w.putUint32(a + "attention.head_count_kv", mla.split() ? 1 : s.headCount());
        w.putUint32(a + "attention.key_length", mla.split() ? mla.kvLoraRank() + mla.ropeDim() : keyMla);
        w.putUint32(a + "attention.value_length", mla.split() ? mla.kvLoraRank() : mla.valueDim());
        if (mla.split()) {
            w.putUint32(a + "attention.key_length_mla", keyMla);
            w.putUint32(a + "attention.value_length_mla", mla.valueDim());
        }
    }

    private static void moeParameters(GgufWriter w, String a, RandomModelSpec.Moe moe) {
        w.putUint32(a + "leading_dense_block_count", moe.leadingDense());
        w.putUint32(a + "expert_feed_forward_length", moe.expertFf());
        w.putUint32(a + "expert_count", moe.experts());
        w.putUint32(a + "expert_used_count", moe.used());
        w.putUint32(a + "expert_shared_count", moe.shared());
        w.putFloat32(a + "expert_weights_scale", moe.weightsScale());
        w.putBool(a + "expert_weights_norm", moe.weightsNorm());
        w.putUint32(a + "expert_gating_func", moe.gating().ggufValue());
        if (moe.groups() > 0) {
            w.putUint32(a + "expert_group_count", moe.groups());
            w.putUint32(a + "expert_group_used_count", moe.groupsUsed());
        }
    }

    /** {@code llama_ftype} of a file whose weights are all {@code t}. */
    private static int fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 32;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 15;
            case Q6_K -> 18;
            default -> throw new IllegalArgumentException("no llama_ftype for " + t);
        };
    }

    /**
     * Copies every {@code tokenizer.*} key with its stored type, padding the per-token arrays with unused
     * {@code [PAD<id>]} tokens up to {@code vocabSize} (0: the vocab's own size); returns the vocabulary size.
     */
    private static int tokenizer(GgufWriter w, GgufFile vocab, int vocabSize) throws IOException {
        int tokens = vocab.getStringArray("tokenizer.ggml.tokens").length;
        if (vocabSize != 0 && tokens > vocabSize) {
            throw new IllegalArgumentException(vocab.path() + " has " + tokens + " tokens, more than the model's "
                    + vocabSize);
        }
        int n = vocabSize == 0 ? tokens : vocabSize;
        for (Map.Entry<String, Object> e : vocab.metadata().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("tokenizer.")) {
                continue;
            }
            Object value = e.getValue();
            if (n > tokens && value.getClass().isArray() && Array.getLength(value) == tokens) {
                w.putArray(key, vocab.elementTypeOf(key).orElseThrow(), padded(value, tokens, n));
            } else {
                w.copy(vocab, key);
            }
        }
        return n;
    }

    private static Object padded(Object array, int tokens, int n) {
        return switch (array) {
            case String[] s -> {
                String[] out = Arrays.copyOf(s, n);
                for (int i = tokens; i < n; i++) {
                    out[i] = "[PAD" + i + "]";
                }
                yield out;
            }
            case int[] types -> {
                int[] out = Arrays.copyOf(types, n);
                Arrays.fill(out, tokens, n, UNUSED_TOKEN);
                yield out;
            }
            case float[] scores -> Arrays.copyOf(scores, n);
            default -> throw new IllegalArgumentException("cannot pad tokenizer array " + array.getClass());
        };
    }

    /** Uniform values quantized to the spec's type, or where rows are not whole blocks to llama-quantize's fallback. */
    private static void addExact(GgufWriter w, RandomModelSpec s, Tensor t) {
        int n = Math.toIntExact(t.elements());
        float[] values = switch (t.kind()) {
            case FIXED -> t.fixed();
            case F32, MATRIX -> uniform(s.seed(), t.source(), n, t.mean(), t.std());
            case K_B -> RandomTensors.kB(kvB(s, t), s.mla(), s.headCount());
            case V_B -> RandomTensors.vB(kvB(s, t), s.mla(), s.headCount());
        };
        GgmlType type = t.kind() == Kind.F32 || t.kind() == Kind.FIXED ? GgmlType.F32
                : QuantMix.fitting(s.weightType(), t.dims()[0]);
        if (type == GgmlType.F32) {
            w.addTensor(t.name(), t.dims(), values);
        } else {
            w.addTensor(t.name(), type, t.dims(), Quantizers.quantize(type, values));
        }
    }

    /** The whole {@code attn_kv_b} that a split tensor is cut from. */
    private static float[] kvB(RandomModelSpec s, Tensor t) {
        RandomModelSpec.Mla mla = s.mla();
        int n = s.headCount() * (mla.nopeDim() + mla.valueDim()) * mla.kvLoraRank();
        return uniform(s.seed(), t.source(), n, 0f, t.std());
    }

    /** Random blocks in the type {@code quant}'s mix gives each matrix (chosen first, from all of them). */
    private static void addRandomBlocks(GgufWriter w, RandomModelSpec s, BenchQuant quant, int vocabSize) {
        List<Tensor> tensors = RandomTensors.of(s, vocabSize);
        List<QuantMix.Tensor> matrices = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t.kind() != Kind.F32 && t.kind() != Kind.FIXED) {
                matrices.add(new QuantMix.Tensor(t.name(), s.weightType(), t.dims()));
            }
        }
        int experts = s.moe() == null ? 0 : s.moe().experts();
        Map<String, GgmlType> types = QuantMix.choose(quant.type(), false, QuantMix.Model.of(s.architecture(),
                s.blockCount(), s.headCount(), s.headCountKv(), experts), matrices);
        for (Tensor t : tensors) {
            switch (t.kind()) {
                case FIXED -> w.addTensor(t.name(), t.dims(), t.fixed());
                case F32 -> {
                    float[] values = uniform(s.seed(), t.name(), Math.toIntExact(t.elements()), t.mean(), t.std());
                    w.addTensor(t.name(), GgmlType.F32, t.dims(), chunk -> {
                        for (float v : values) {
                            chunk.putFloat(v);
                        }
                    });
                }
                default -> {
                    GgmlType type = types.get(t.name());
                    SplittableRandom random = random(s.seed(), t.name());
                    w.addTensor(t.name(), type, t.dims(), chunk -> RandomBlocks.fill(type, chunk, random, t.std()));
                }
            }
        }
    }

    /** Uniform values with the given mean and standard deviation, seeded by {@code seed} and the tensor name. */
    static float[] uniform(long seed, String name, int n, float mean, float std) {
        SplittableRandom random = random(seed, name);
        float halfWidth = std * (float) Math.sqrt(3.0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + halfWidth * (float) (2 * random.nextDouble() - 1);
        }
        return out;
    }

    private static SplittableRandom random(long seed, String name) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    }
}
