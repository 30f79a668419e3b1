package io.jseek.model.tools;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.quantize.QuantMix;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random-weight GGUF at a real model's shape and quant mix ({@link BenchShape}, {@link BenchQuant}) for speed
 * benchmarks against llama.cpp: same tensors, types and byte counts as the published file, the real tokenizer, and
 * random quantized blocks streamed to disk ({@link RandomBlocks}, {@link GgufWriter}), so a 2 GB model takes
 * seconds and little memory.
 *
 * <p>The weights are noise with per-tensor scales like {@link RandomModelWriter}'s (activations stay finite, greedy
 * decoding does not matter). Deterministic: each tensor draws from its own stream seeded by the seed and its name.
 * deepseek2 files use the older {@code attn_kv_b} MLA form that published V2-Lite GGUFs have, with their YaRN keys.
 */
public final class BenchModelWriter {
    private static final float RMS_EPS = 1e-6f;
    private static final int UNUSED_TOKEN = 5;

    private final BenchShape shape;
    private final BenchQuant quant;
    private final long seed;
    private final GgufWriter w = new GgufWriter();
    /** The matrices, recorded by a first walk over the tensors ({@link #types} still null) to choose their types. */
    private final List<QuantMix.Tensor> matrices = new ArrayList<>();
    private Map<String, GgmlType> types;

    private BenchModelWriter(BenchShape shape, BenchQuant quant, long seed) {
        this.shape = shape;
        this.quant = quant;
        this.seed = seed;
        tensors();
        int experts = shape.moe() == null ? 0 : shape.moe().experts();
        types = QuantMix.choose(quant.type(), false, QuantMix.Model.of(shape.architecture(), shape.layers(),
                shape.heads(), shape.kvHeads(), experts), matrices);
    }

    /** Writes {@code shape} in {@code quant} to {@code out}, tokenizer from {@code vocabGguf}; returns the size. */
    public static long write(BenchShape shape, BenchQuant quant, long seed, Path vocabGguf, Path out)
            throws IOException {
        BenchModelWriter writer = new BenchModelWriter(shape, quant, seed);
        writer.hyperParameters();
        try (GgufFile vocab = GgufFile.open(vocabGguf)) {
            writer.tokenizer(vocab);
        }
        writer.tensors();
        writer.w.write(out);
        return Files.size(out);
    }

    /** Bytes of tensor data (without padding or metadata) that {@link #write} would write: checks the quant mix. */
    public static long tensorBytes(BenchShape shape, BenchQuant quant) {
        BenchModelWriter writer = new BenchModelWriter(shape, quant, 0);
        writer.tensors();
        return writer.w.tensorBytes();
    }

    private void hyperParameters() {
        String a = shape.architecture() + ".";
        put("general.architecture", GgufValueType.STRING, shape.architecture());
        put("general.name", GgufValueType.STRING, "jseek bench " + shape.name() + " " + quant);
        put("general.file_type", GgufValueType.UINT32, quant.fileType());
        put("general.quantization_version", GgufValueType.UINT32, 2);
        put(a + "context_length", GgufValueType.UINT32, shape.mla() == null ? 131072 : 163840);
        put(a + "embedding_length", GgufValueType.UINT32, shape.embd());
        put(a + "block_count", GgufValueType.UINT32, shape.layers());
        put(a + "feed_forward_length", GgufValueType.UINT32, shape.ffn());
        put(a + "attention.head_count", GgufValueType.UINT32, shape.heads());
        put(a + "attention.head_count_kv", GgufValueType.UINT32, shape.kvHeads());
        put(a + "attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, RMS_EPS);
        put(a + "rope.freq_base", GgufValueType.FLOAT32, shape.ropeBase());
        if (shape.architecture().equals("llama")) {
            put(a + "rope.dimension_count", GgufValueType.UINT32, shape.headDim());
        }
        if (shape.architecture().equals("qwen3")) {
            put(a + "attention.key_length", GgufValueType.UINT32, shape.headDim());
            put(a + "attention.value_length", GgufValueType.UINT32, shape.headDim());
        }
        if (shape.mla() != null) {
            mlaParameters(a);
        }
    }

    private void mlaParameters(String a) {
        BenchShape.Mla mla = shape.mla();
        BenchShape.Moe moe = shape.moe();
        put(a + "attention.key_length", GgufValueType.UINT32, mla.nopeDim() + mla.ropeDim());
        put(a + "attention.value_length", GgufValueType.UINT32, mla.valueDim());
        put(a + "attention.kv_lora_rank", GgufValueType.UINT32, mla.kvLoraRank());
        put(a + "rope.dimension_count", GgufValueType.UINT32, mla.ropeDim());
        put(a + "rope.scaling.type", GgufValueType.STRING, "yarn");
        put(a + "rope.scaling.factor", GgufValueType.FLOAT32, 40f);
        put(a + "rope.scaling.original_context_length", GgufValueType.UINT32, 4096);
        put(a + "rope.scaling.yarn_log_multiplier", GgufValueType.FLOAT32, 0.0707f);
        put(a + "leading_dense_block_count", GgufValueType.UINT32, moe.leadingDense());
        put(a + "expert_feed_forward_length", GgufValueType.UINT32, moe.expertFf());
        put(a + "expert_count", GgufValueType.UINT32, moe.experts());
        put(a + "expert_used_count", GgufValueType.UINT32, moe.used());
        put(a + "expert_shared_count", GgufValueType.UINT32, moe.shared());
        put(a + "expert_weights_scale", GgufValueType.FLOAT32, 1f);
        put(a + "expert_weights_norm", GgufValueType.BOOL, false);
        put(a + "expert_gating_func", GgufValueType.UINT32, 1);
    }

    private void put(String key, GgufValueType type, Object value) {
        w.put(key, type, value);
    }

    /** Copies {@code tokenizer.*}, padding the token list with unused {@code [PAD<id>]} tokens to the shape's vocab. */
    private void tokenizer(GgufFile vocab) throws IOException {
        int tokens = vocab.getStringArray("tokenizer.ggml.tokens").length;
        if (tokens > shape.vocabSize()) {
            throw new IllegalArgumentException(vocab.path() + " has " + tokens + " tokens, more than the "
                    + shape.vocabSize() + " of " + shape.name());
        }
        for (Map.Entry<String, Object> e : vocab.metadata().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("tokenizer.")) {
                continue;
            }
            Object value = e.getValue();
            if (value.getClass().isArray() && java.lang.reflect.Array.getLength(value) == tokens) {
                w.putArray(key, vocab.elementTypeOf(key).orElseThrow(), padded(value, tokens));
            } else {
                w.copy(vocab, key);
            }
        }
    }

    private Object padded(Object array, int tokens) {
        int n = shape.vocabSize();
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


    private void tensors() {
        int e = shape.embd();
        matrix("token_embd.weight", -1, 1.0f, e, shape.vocabSize());
        vector("output_norm.weight", e, 1.0f, 0.2f);
        matrix("output.weight", -1, 0.35f, e, shape.vocabSize());
        for (int l = 0; l < shape.layers(); l++) {
            String p = "blk." + l + ".";
            vector(p + "attn_norm.weight", e, 1.0f, 0.2f);
            if (shape.mla() == null) {
                attention(p, l);
            } else {
                latentAttention(p, l);
            }
            vector(p + "ffn_norm.weight", e, 1.0f, 0.2f);
            if (shape.moe() == null || l < shape.moe().leadingDense()) {
                ffn(p, "", l, shape.ffn());
            } else {
                experts(p, l);
            }
        }
    }

    private void attention(String p, int l) {
        int e = shape.embd();
        int q = shape.heads() * shape.headDim();
        int kv = shape.kvHeads() * shape.headDim();
        float std = 1.0f / (float) Math.sqrt(e);
        matrix(p + "attn_q.weight", l, 1.5f * std, e, q);
        matrix(p + "attn_k.weight", l, 1.5f * std, e, kv);
        matrix(p + "attn_v.weight", l, std, e, kv);
        if (shape.architecture().equals("qwen2")) {
            vector(p + "attn_q.bias", q, 0f, 0.5f);
            vector(p + "attn_k.bias", kv, 0f, 0.5f);
            vector(p + "attn_v.bias", kv, 0f, 0.5f);
        }
        if (shape.architecture().equals("qwen3")) {
            vector(p + "attn_q_norm.weight", shape.headDim(), 1.0f, 0.2f);
            vector(p + "attn_k_norm.weight", shape.headDim(), 1.0f, 0.2f);
        }
        matrix(p + "attn_output.weight", l, 1.0f / (float) Math.sqrt(q), q, e);
    }

    private void latentAttention(String p, int l) {
        BenchShape.Mla mla = shape.mla();
        int e = shape.embd();
        int h = shape.heads();
        int r = mla.kvLoraRank();
        float std = 1.0f / (float) Math.sqrt(e);
        matrix(p + "attn_q.weight", l, 1.5f * std, e, h * (mla.nopeDim() + mla.ropeDim()));
        matrix(p + "attn_kv_a_mqa.weight", l, 1.5f * std, e, r + mla.ropeDim());
        vector(p + "attn_kv_a_norm.weight", r, 1.0f, 0.2f);
        matrix(p + "attn_kv_b.weight", l, 1.2f / (float) Math.sqrt(r), r, h * (mla.nopeDim() + mla.valueDim()));
        int v = h * mla.valueDim();
        matrix(p + "attn_output.weight", l, 1.0f / (float) Math.sqrt(v), v, e);
    }

    private void experts(String p, int l) {
        BenchShape.Moe moe = shape.moe();
        int e = shape.embd();
        int fe = moe.expertFf();
        int n = moe.experts();
        if (types != null) {
            w.addTensor(p + "ffn_gate_inp.weight", GgmlType.F32, new long[] {e, n},
                    chunk -> RandomBlocks.fill(GgmlType.F32, chunk, random(p + "ffn_gate_inp.weight"),
                            2.0f / (float) Math.sqrt(e)));
        }
        float std = 1.0f / (float) Math.sqrt(e);
        matrix(p + "ffn_gate_exps.weight", l, std, e, fe, n);
        matrix(p + "ffn_up_exps.weight", l, std, e, fe, n);
        matrix(p + "ffn_down_exps.weight", l, 1.0f / (float) Math.sqrt(fe), fe, e, n);
        ffn(p, "_shexp", l, fe * moe.shared());
    }

    private void ffn(String p, String suffix, int l, int f) {
        int e = shape.embd();
        matrix(p + "ffn_gate" + suffix + ".weight", l, 1.0f / (float) Math.sqrt(e), e, f);
        matrix(p + "ffn_up" + suffix + ".weight", l, 1.0f / (float) Math.sqrt(e), e, f);
        matrix(p + "ffn_down" + suffix + ".weight", l, 1.0f / (float) Math.sqrt(f), f, e);
    }

    /** A weight tensor of GGUF shape {@code dims} in the quant mix's type, values of roughly {@code std}. */
    private void matrix(String name, int layer, float std, long... dims) {
        if (types == null) {
            matrices.add(new QuantMix.Tensor(name, GgmlType.F32, dims));
            return;
        }
        GgmlType type = types.get(name);
        SplittableRandom random = random(name);
        w.addTensor(name, type, dims, chunk -> RandomBlocks.fill(type, chunk, random, std));
    }

    /** An F32 vector of {@code n} values around {@code mean}. */
    private void vector(String name, int n, float mean, float std) {
        if (types == null) {
            return;
        }
        float[] values = RandomModelWriter.uniform(seed, name, n, mean, std);
        w.addTensor(name, GgmlType.F32, new long[] {n}, chunk -> {
            for (float v : values) {
                chunk.putFloat(v);
            }
        });
    }

    private SplittableRandom random(String name) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    }
}
