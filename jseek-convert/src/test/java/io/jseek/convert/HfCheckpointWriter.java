package io.jseek.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.convert.safetensors.SafetensorsTestFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a Hugging Face checkpoint folder for tests: config.json, tokenizer files, and the tensors in F32, F16, BF16 or
 * DeepSeek FP8 (E4M3FN with per-block {@code weight_scale_inv}), over one or several shards with an index. Encoding
 * is lossy for BF16 and FP8, so the values actually stored are written back into the tensors' GGUF sources: the GGUF
 * the converter should produce is then those sources.
 */
final class HfCheckpointWriter {
    enum Encoding { F32, F16, BF16, FP8 }

    private static final float[] FP8 = new float[256];

    static {
        // E4M3FN from its definition (OCP OFP8): bias 7, subnormals m/8·2^-6, 0x7F/0xFF NaN
        for (int b = 0; b < 256; b++) {
            int e = (b >> 3) & 15;
            int m = b & 7;
            double v = e == 0 ? m / 8.0 * Math.pow(2, -6) : (1 + m / 8.0) * Math.pow(2, e - 7);
            FP8[b] = (float) ((b & 0x80) != 0 ? -v : v);
            if (e == 15 && m == 7) {
                FP8[b] = Float.NaN;
            }
        }
    }

    private final Path dir;
    private final List<SafetensorsTestFile> shards = new ArrayList<>();
    private final Map<String, Integer> weightMap = new LinkedHashMap<>();
    private int[] block = {128, 128};

    HfCheckpointWriter(Path dir, int shardCount) throws IOException {
        this.dir = Files.createDirectories(dir);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new SafetensorsTestFile());
        }
    }

    HfCheckpointWriter fp8Block(int rows, int cols) {
        block = new int[] {rows, cols};
        return this;
    }

    /** Adds the tensors, tensor i to shard i mod n, each encoded as {@code policy} says. */
    HfCheckpointWriter tensors(List<HfExport.HfTensor> tensors, Function<HfExport.HfTensor, Encoding> policy) {
        for (int i = 0; i < tensors.size(); i++) {
            HfExport.HfTensor t = tensors.get(i);
            int shard = i % shards.size();
            switch (policy.apply(t)) {
                case F32 -> add(shard, t.name(), "F32", t.shape(), f32(t));
                case F16 -> add(shard, t.name(), "F16", t.shape(), f16(t));
                case BF16 -> add(shard, t.name(), "BF16", t.shape(), bf16(t));
                case FP8 -> fp8(shard, t);
            }
        }
        return this;
    }

    void add(int shard, String name, String dtype, long[] shape, byte[] data) {
        shards.get(shard).add(name, dtype, shape, data);
        weightMap.put(name, shard);
    }

    private static byte[] f32(HfExport.HfTensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            b.putFloat(t.value(i));
        }
        return b.array();
    }

    /** IEEE half precision (round to nearest even), keeping the rounded value. */
    private static byte[] f16(HfExport.HfTensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            short h = Float.floatToFloat16(t.value(i));
            t.set(i, Float.float16ToFloat(h));
            b.putShort(h);
        }
        return b.array();
    }

    /** Round to nearest even, keeping the rounded value. */
    private static byte[] bf16(HfExport.HfTensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            int bits = Float.floatToIntBits(t.value(i));
            int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
            t.set(i, Float.intBitsToFloat(rounded << 16));
            b.putShort((short) rounded);
        }
        return b.array();
    }

    /** DeepSeek's scheme: per block s = amax/448, q = nearest E4M3 to x/s; the stored value is q·s. */
    private void fp8(int shard, HfExport.HfTensor t) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        int br = Math.ceilDiv(rows, block[0]);
        int bc = Math.ceilDiv(cols, block[1]);
        float[] scales = new float[br * bc];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int s = (i / block[0]) * bc + j / block[1];
                scales[s] = Math.max(scales[s], Math.abs(t.value(i * cols + j)) / 448f);
            }
        }
        byte[] q = new byte[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float s = scales[(i / block[0]) * bc + j / block[1]];
                int code = nearestFp8(s == 0 ? 0 : t.value(k) / s);
                q[k] = (byte) code;
                t.set(k, FP8[code] * s);
            }
        }
        add(shard, t.name(), "F8_E4M3", t.shape(), q);
        ByteBuffer b = ByteBuffer.allocate(scales.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : scales) {
            b.putFloat(s);
        }
        add(shard, t.name() + "_scale_inv", "F32", new long[] {br, bc}, b.array());
    }

    private static int nearestFp8(float x) {
        int best = 0;
        for (int code = 0; code < 256; code++) {
            if (!Float.isNaN(FP8[code]) && Math.abs(FP8[code] - x) < Math.abs(FP8[best] - x)) {
                best = code;
            }
        }
        return best;
    }

    /** Writes the shards, the index when there are several, config.json and the tokenizer files. */
    Path write(Map<String, Object> config, Path tokenizerJson, Path tokenizerConfig) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (shards.size() == 1) {
            shards.getFirst().write(dir.resolve("model.safetensors"));
        } else {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                shards.get(i).write(dir.resolve(name));
                for (Map.Entry<String, Integer> e : weightMap.entrySet()) {
                    if (e.getValue() == i) {
                        map.put(e.getKey(), name);
                    }
                }
            }
            json.writeValue(dir.resolve("model.safetensors.index.json").toFile(),
                    Map.of("metadata", Map.of(), "weight_map", map));
        }
        json.writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(tokenizerJson, dir.resolve("tokenizer.json"));
        if (tokenizerConfig != null) {
            Files.copy(tokenizerConfig, dir.resolve("tokenizer_config.json"));
        }
        return dir;
    }
}
