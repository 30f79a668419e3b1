package io.jseek.model.tools;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a random-weight GGUF model of a given architecture and shape, with the real tokenizer of a vocab GGUF, so
 * that jseek and llama.cpp can be compared on identical files (golden tests) without shipping model weights.
 *
 * <p>Deterministic: every tensor draws from its own {@link SplittableRandom} seeded from the spec's seed and the
 * tensor name, so the same spec gives a byte-identical file, and the F32/F16/Q8_0 variants of one spec carry the
 * same underlying values (quantized the llama.cpp way by {@link Quantizers}). Values are uniform with per-tensor
 * standard deviations chosen so that attention and logits are peaked enough for greedy decoding to be stable; a tied
 * embedding is kept small, or every logit would be dominated by the current token's similarity with itself.
 */
public final class RandomModelWriter {
    private static final float RMS_EPS = 1e-6f;

    private RandomModelWriter() {
    }

    /** Writes {@code spec} to {@code out}, copying {@code tokenizer.*} metadata from {@code vocabGguf}. */
    public static void write(RandomModelSpec spec, Path vocabGguf, Path out) throws IOException {
        try (GgufFile vocab = GgufFile.open(vocabGguf)) {
            GgufWriter w = new GgufWriter();
            int vocabSize = vocab.getStringArray("tokenizer.ggml.tokens").length;
            writeHyperParameters(w, spec);
            copyTokenizer(vocab, w);
            writeTensors(w, spec, vocabSize);
            w.write(out);
        }
    }

    private static void writeHyperParameters(GgufWriter w, RandomModelSpec s) {
        String a = s.architecture() + ".";
        w.putString("general.architecture", s.architecture());
        w.putString("general.name", "jseek random " + s.name());
        w.putUint32("general.file_type", fileType(s.weightType()));
        w.putUint32("general.quantization_version", 2);
        w.putUint32(a + "context_length", s.contextLength());
        w.putUint32(a + "embedding_length", s.embeddingLength());
        w.putUint32(a + "block_count", s.blockCount());
        w.putUint32(a + "feed_forward_length", s.feedForwardLength());
        w.putUint32(a + "attention.head_count", s.headCount());
        w.putUint32(a + "attention.head_count_kv", s.headCountKv());
        w.putFloat32(a + "attention.layer_norm_rms_epsilon", RMS_EPS);
        w.putFloat32(a + "rope.freq_base", s.ropeFreqBase());
        if (s.architecture().equals("llama")) {
            w.putUint32(a + "rope.dimension_count", s.headDim());
        }
        if (s.architecture().equals("qwen3")) {
            w.putUint32(a + "attention.key_length", s.headDim());
            w.putUint32(a + "attention.value_length", s.headDim());
        }
        if (s.ropeLinearFactor() != 0f) {
            w.putString(a + "rope.scaling.type", "linear");
            w.putFloat32(a + "rope.scaling.factor", s.ropeLinearFactor());
        }
    }

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

    /** Copies every {@code tokenizer.*} key with its stored type. */
    private static void copyTokenizer(GgufFile vocab, GgufWriter w) {
        for (String key : vocab.metadata().keySet()) {
            if (key.startsWith("tokenizer.")) {
                w.copy(vocab, key);
            }
        }
    }

    private static void writeTensors(GgufWriter w, RandomModelSpec s, int vocabSize) {
        int e = s.embeddingLength();
        int d = s.headDim();
        int q = s.headCount() * d;
        int kv = s.headCountKv() * d;
        int f = s.feedForwardLength();
        matrix(w, s, "token_embd.weight", e, vocabSize, s.tiedOutput() ? 0.3f : 1.0f);
        vector(w, s, "output_norm.weight", e, 1.0f, 0.2f);
        if (!s.tiedOutput()) {
            matrix(w, s, "output.weight", e, vocabSize, 0.35f);
        }
        if (s.llama3RopeFreqs()) {
            w.addTensor("rope_freqs.weight", new long[] {d / 2}, llama3Factors(d, s.ropeFreqBase()));
        }
        boolean biases = s.architecture().equals("qwen2");
        for (int l = 0; l < s.blockCount(); l++) {
            String p = "blk." + l + ".";
            vector(w, s, p + "attn_norm.weight", e, 1.0f, 0.2f);
            matrix(w, s, p + "attn_q.weight", e, q, 1.5f / (float) Math.sqrt(e));
            matrix(w, s, p + "attn_k.weight", e, kv, 1.5f / (float) Math.sqrt(e));
            matrix(w, s, p + "attn_v.weight", e, kv, 1.0f / (float) Math.sqrt(e));
            if (biases) {
                vector(w, s, p + "attn_q.bias", q, 0f, 0.5f);
                vector(w, s, p + "attn_k.bias", kv, 0f, 0.5f);
                vector(w, s, p + "attn_v.bias", kv, 0f, 0.5f);
            }
            if (s.architecture().equals("qwen3")) {
                // after the per-head norm every q/k value is about 1, so the weights alone set the logit scale
                vector(w, s, p + "attn_q_norm.weight", d, 1.0f, 0.3f);
                vector(w, s, p + "attn_k_norm.weight", d, 1.0f, 0.3f);
            }
            matrix(w, s, p + "attn_output.weight", q, e, 1.0f / (float) Math.sqrt(q));
            vector(w, s, p + "ffn_norm.weight", e, 1.0f, 0.2f);
            matrix(w, s, p + "ffn_gate.weight", e, f, 1.0f / (float) Math.sqrt(e));
            matrix(w, s, p + "ffn_up.weight", e, f, 1.0f / (float) Math.sqrt(e));
            matrix(w, s, p + "ffn_down.weight", f, e, 1.0f / (float) Math.sqrt(f));
        }
    }

    /** A {@code rows x cols} matrix (GGUF shape {@code {cols, rows}}) of the spec's weight type. */
    private static void matrix(GgufWriter w, RandomModelSpec s, String name, int cols, int rows, float std) {
        float[] values = uniform(s.seed(), name, cols * rows, 0f, std);
        long[] shape = {cols, rows};
        if (s.weightType() == GgmlType.F32) {
            w.addTensor(name, shape, values);
        } else {
            w.addTensor(name, s.weightType(), shape, Quantizers.quantize(s.weightType(), values));
        }
    }

    /** An F32 vector of {@code n} values around {@code mean}. */
    private static void vector(GgufWriter w, RandomModelSpec s, String name, int n, float mean, float std) {
        w.addTensor(name, new long[] {n}, uniform(s.seed(), name, n, mean, std));
    }

    /** Uniform values with the given mean and standard deviation, from a stream owned by {@code name}. */
    /** Uniform values with the given mean and standard deviation, seeded by {@code seed} and the tensor name. */
    public static float[] uniform(long seed, String name, int n, float mean, float std) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        float halfWidth = std * (float) Math.sqrt(3.0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + halfWidth * (float) (2 * random.nextDouble() - 1);
        }
        return out;
    }

    /**
     * Llama-3.1 RoPE divisors as {@code convert_hf_to_gguf.py} computes them (factor 8, low/high frequency factors 1
     * and 4, original context 8192), for a head of {@code dims}.
     */
    static float[] llama3Factors(int dims, float base) {
        float[] out = new float[dims / 2];
        double lowWavelen = 8192 / 1.0;
        double highWavelen = 8192 / 4.0;
        for (int i = 0; i < out.length; i++) {
            double freq = 1.0 / Math.pow(base, 2.0 * i / dims);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                out[i] = 1f;
            } else if (wavelen > lowWavelen) {
                out[i] = 8f;
            } else {
                double smooth = (8192 / wavelen - 1) / (4 - 1);
                out[i] = (float) (1 / ((1 - smooth) / 8 + smooth));
            }
        }
        return out;
    }

    /** {@code RandomModelWriter VOCAB_DIR OUT_DIR [CASE...]}: writes the named (default: all) tiny models. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RandomModelWriter VOCAB_DIR OUT_DIR [CASE...]");
            System.exit(2);
        }
        Path vocabDir = Path.of(args[0]);
        Path outDir = Files.createDirectories(Path.of(args[1]));
        for (RandomModelSpec spec : TinyModels.all()) {
            if (args.length > 2 && !java.util.Arrays.asList(args).subList(2, args.length).contains(spec.name())) {
                continue;
            }
            Path out = outDir.resolve(spec.name() + ".gguf");
            write(spec, vocabDir.resolve(spec.vocab()), out);
            System.out.println(out);
        }
    }
}
