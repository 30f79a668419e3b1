package io.jseek.engine;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.model.KvCacheType;
import io.jseek.model.PagedModel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 64-bit identity of "KV blocks this model computes", which names a {@link DiskBlockCache} directory: two
 * processes share cached KV only when everything that determines its floats matches.
 *
 * <p>What goes in (SHA-256, first 8 bytes): every GGUF metadata key with its type and value (architecture,
 * hyper-parameters, RoPE, tokenizer); every tensor's name, type, shape and offset; a sample of each tensor's bytes
 * (the first and last {@value #SAMPLE} bytes), so that re-quantized or retrained weights with an identical layout
 * (random test models, fine-tunes) differ without reading whole files; and the KV format: block size, per-layer row
 * widths and the cache type values are rounded through. The pool size is left out: it does not change the contents.
 */
public final class ModelFingerprint {
    private static final int SAMPLE = 64;
    private static final String FORMAT = "jseek-kv-fingerprint-1";

    private ModelFingerprint() {
    }

    /** The fingerprint of {@code model}'s KV in blocks laid out as {@code layout}. */
    public static long of(PagedModel model, KvLayout layout) {
        return of(model.gguf(), layout, model.kvCacheType());
    }

    /** The fingerprint of KV computed from {@code file} into {@code layout}, rounded as {@code cacheType} stores it. */
    public static long of(GgufFile file, KvLayout layout, KvCacheType cacheType) {
        MessageDigest md = sha256();
        text(md, FORMAT);
        for (Map.Entry<String, Object> e : file.metadata().entrySet()) {
            text(md, e.getKey());
            text(md, String.valueOf(file.typeOf(e.getKey()).orElse(null)));
            value(md, e.getValue());
        }
        for (GgufTensor t : new TreeMap<>(file.tensors()).values()) {
            text(md, t.name());
            text(md, t.type().name());
            text(md, Arrays.toString(t.shape()) + "@" + t.offset());
            sample(md, t.data());
        }
        text(md, "kv " + layout.blockSize() + " " + Arrays.toString(layout.widths()) + " " + cacheType.flagValue());
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    private static void value(MessageDigest md, Object v) {
        switch (v) {
            case String[] a -> {
                text(md, "S" + a.length);
                for (String s : a) {
                    text(md, s);
                }
            }
            case int[] a -> text(md, Arrays.toString(a));
            case long[] a -> text(md, Arrays.toString(a));
            case float[] a -> text(md, Arrays.toString(a));
            case double[] a -> text(md, Arrays.toString(a));
            case boolean[] a -> text(md, Arrays.toString(a));
            default -> text(md, String.valueOf(v));
        }
    }

    private static void sample(MessageDigest md, MemorySegment data) {
        long n = data.byteSize();
        long head = Math.min(SAMPLE, n);
        long tail = Math.min(SAMPLE, n - head);
        md.update(data.asSlice(0, head).toArray(ValueLayout.JAVA_BYTE));
        md.update(data.asSlice(n - tail, tail).toArray(ValueLayout.JAVA_BYTE));
    }

    /** Length-prefixed, so that concatenations of different fields cannot collide. */
    private static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
