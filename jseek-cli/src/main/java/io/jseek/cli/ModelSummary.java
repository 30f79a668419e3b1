package io.jseek.cli;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufFormatException;
import io.jseek.gguf.GgufTensor;
import io.jseek.model.KvCacheType;
import io.jseek.tensor.GgmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code jseek info} tells about a GGUF file, computed from its header alone.
 *
 * <p>KV-cache sizes are what jseek's cache holds with the default {@code --cache-type f16} (2-byte halves; f32 and
 * q8_0 hold 4-byte floats), per layer the model's row width ({@code PagedModel.kvWidth}); {@link #kvText} adds the
 * other types and what llama.cpp would hold. For {@code deepseek2}
 * the row is the MLA latent (kv_lora_rank + rope dimensions per token and layer); {@code kvBytesPerTokenMha} is what
 * plain multi-head caching of the same model would take, for comparison. {@code jseek bench} reports the same
 * number through {@link #kvBytesPerToken(GgufFile)}. Vocab-only files (no tensors) get the tokenizer fields only.
 */
record ModelSummary(
        String file,
        long fileBytes,
        int ggufVersion,
        String architecture,
        String name,
        long parameters,
        Long contextLength,
        Long layers,
        Map<String, Long> quantMixBytes,
        String tokenizerModel,
        String tokenizerPre,
        Integer vocabularySize,
        boolean chatTemplate,
        Long kvBytesPerToken,
        Long kvBytesPerTokenMha,
        List<TensorRow> tensors) {

    /** The cache type {@code kvBytesPerToken} counts: the default of {@code --cache-type}. */
    static final KvCacheType KV_TYPE = KvCacheType.F16;

    /**
     * {@code held} (bytes per token jseek's cache holds as {@code type}) as a line for people, with what llama.cpp
     * would hold for that type; without a type, {@code held} is for {@link #KV_TYPE} and the line adds f32 and q8_0.
     */
    static String kvText(long held, KvCacheType type) {
        KvCacheType t = type == null ? KV_TYPE : type;
        long values = held / t.bytesPerValue();
        String text = InfoCommand.bytes(held) + " per token as " + t.flagValue();
        if (type == null) {
            text += " (--cache-type f32: " + InfoCommand.bytes(KvCacheType.F32.bytes(values)) + ", q8_0: "
                    + InfoCommand.bytes(KvCacheType.Q8_0.bytes(values)) + " held as floats; llama.cpp holds "
                    + InfoCommand.bytes(KvCacheType.F16.llamaCppBytes(values)) + " as f16, "
                    + InfoCommand.bytes(KvCacheType.Q8_0.llamaCppBytes(values)) + " as q8_0)";
        } else {
            text += " (llama.cpp holds " + InfoCommand.bytes(t.llamaCppBytes(values)) + ")";
        }
        return text;
    }

    record TensorRow(String name, String type, long[] shape, long bytes) {
    }

    static ModelSummary of(GgufFile gguf) throws GgufFormatException {
        String arch = gguf.findString("general.architecture").orElse(null);
        long params = 0;
        List<TensorRow> rows = new ArrayList<>();
        Map<String, Long> mix = new LinkedHashMap<>();
        for (GgufTensor t : gguf.tensors().values()) {
            params += t.elementCount();
            rows.add(new TensorRow(t.name(), t.type().name(), t.shape(), t.byteSize()));
        }
        for (Map.Entry<GgmlType, Long> e : gguf.bytesByType().entrySet()) {
            mix.put(e.getKey().name(), e.getValue());
        }
        Long ctx = arch == null ? null : boxed(gguf, arch + ".context_length");
        Long layers = arch == null ? null : boxed(gguf, arch + ".block_count");
        Integer vocab = gguf.has("tokenizer.ggml.tokens") ? gguf.getStringArray("tokenizer.ggml.tokens").length : null;
        long[] kv = arch == null || layers == null ? null : kvBytesPerToken(gguf, arch, layers.intValue());
        return new ModelSummary(gguf.path().toString(), gguf.fileBytes(), gguf.version(), arch,
                gguf.findString("general.name").orElse(null), params, ctx, layers, mix,
                gguf.findString("tokenizer.ggml.model").orElse(null),
                gguf.findString("tokenizer.ggml.pre").orElse(null), vocab,
                gguf.has("tokenizer.chat_template"),
                kv == null ? null : kv[0], kv == null ? null : kv[1], rows);
    }

    private static Long boxed(GgufFile gguf, String key) throws GgufFormatException {
        var v = gguf.findLong(key);
        return v.isPresent() ? v.getAsLong() : null;
    }

    /**
     * Bytes jseek's KV cache holds per token over all layers as {@code type}, from the header; -1 where it lacks head
     * counts.
     */
    static long kvBytesPerToken(GgufFile gguf, KvCacheType type) throws GgufFormatException {
        String arch = gguf.findString("general.architecture").orElse(null);
        var layers = arch == null ? java.util.OptionalLong.empty() : gguf.findLong(arch + ".block_count");
        long[] kv = layers.isEmpty() ? null : kvValuesPerToken(gguf, arch, (int) layers.getAsLong());
        return kv == null ? -1 : type.bytes(kv[0]);
    }

    /** {@link #kvValuesPerToken} as bytes of {@link #KV_TYPE}, or null. */
    private static long[] kvBytesPerToken(GgufFile gguf, String arch, int layers) throws GgufFormatException {
        long[] kv = kvValuesPerToken(gguf, arch, layers);
        return kv == null ? null : new long[] {KV_TYPE.bytes(kv[0]), KV_TYPE.bytes(kv[1])};
    }

    /** {cache values per token, plain-MHA values per token}, or null when the header lacks the head counts. */
    private static long[] kvValuesPerToken(GgufFile gguf, String arch, int layers) throws GgufFormatException {
        var heads = gguf.findPerLayer(arch + ".attention.head_count", layers);
        var embd = gguf.findLong(arch + ".embedding_length");
        if (heads.isEmpty() || embd.isEmpty()) {
            return null;
        }
        int[] kvHeads = gguf.findPerLayer(arch + ".attention.head_count_kv", layers).orElse(heads.get());
        if (arch.equals("deepseek2")) {
            return mlaBytes(gguf, arch, layers, heads.get());
        }
        long mha = 0;
        long cache = 0;
        for (int l = 0; l < layers; l++) {
            int h = heads.get()[l];
            if (h == 0) {
                continue;
            }
            long headK = gguf.findLong(arch + ".attention.key_length").orElse(embd.getAsLong() / h);
            long headV = gguf.findLong(arch + ".attention.value_length").orElse(embd.getAsLong() / h);
            cache += kvHeads[l] * (headK + headV);
            mha += h * (headK + headV);
        }
        return new long[] {cache, mha};
    }

    private static long[] mlaBytes(GgufFile gguf, String arch, int layers, int[] heads) throws GgufFormatException {
        long kvLora = gguf.getLong(arch + ".attention.kv_lora_rank");
        long rope = gguf.getLong(arch + ".rope.dimension_count");
        boolean split = gguf.has(arch + ".attention.key_length_mla");
        long headK = gguf.getLong(arch + (split ? ".attention.key_length_mla" : ".attention.key_length"));
        long headV = gguf.getLong(arch + (split ? ".attention.value_length_mla" : ".attention.value_length"));
        long mha = 0;
        for (int l = 0; l < layers; l++) {
            mha += heads[l] * (headK + headV);
        }
        return new long[] {layers * (kvLora + rope), mha};
    }
}
