package io.jseek.model;

import io.jseek.model.ops.ActivationPrecision;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import java.util.Locale;

/**
 * The element type of the KV cache (the MLA latent cache included), as llama.cpp's {@code --cache-type-k/-v}.
 * The type says what cached values are rounded through when stored ({@link #store}, the one place a row enters the
 * cache), how the pages hold them ({@link #halves}), and what ggml does to the operands that meet them:
 * <ul>
 *   <li>F32 rounds nothing: the exact path, and the one to compare with a full-precision reference;</li>
 *   <li>F16 rounds stored values to half precision, and (llama.cpp mode, {@link ActivationPrecision}) the query and
 *       the softmax weights too, as ggml's {@code mul_mat} converts them to F16 before it multiplies them with an F16
 *       cache;</li>
 *   <li>Q8_0 rounds stored rows in blocks of 32 (an F16 scale {@code amax/127}, ggml's {@code quantize_row_q8_0})
 *       and the query the same way, as ggml converts it to the keys' dot type; llama.cpp needs flash attention for a
 *       quantized V cache, whose CPU kernel weights the dequantized values with F32 softmax weights, so those are not
 *       rounded.</li>
 * </ul>
 * F16 pages hold the 16-bit halves themselves (F16 to F32 is exact, so readers see the very floats a float page of
 * rounded values would hold, at half the bytes); F32 and Q8_0 pages hold floats ({@link #bytes} is what jseek holds,
 * {@link #llamaCppBytes} what llama.cpp would).
 */
public enum KvCacheType {
    /** Full precision: nothing rounded. */
    F32,
    /** Half precision, llama.cpp's default. */
    F16,
    /** 8-bit blocks of 32 with an F16 scale. */
    Q8_0;

    private static final int Q8_0_BLOCK = 32;

    /** ggml's id of the type ({@code ggml_type}): a stable code for files that record which type they hold. */
    public int ggmlId() {
        return switch (this) {
            case F32 -> GgmlType.F32.id();
            case F16 -> GgmlType.F16.id();
            case Q8_0 -> GgmlType.Q8_0.id();
        };
    }

    /** Whether pages of this type hold 16-bit halves ({@code short[]}) rather than floats. */
    public boolean halves() {
        return this == F16;
    }

    /** Bytes jseek's pages hold per cached value: 2 for F16 halves, 4 for the float pages of F32 and Q8_0. */
    public int bytesPerValue() {
        return halves() ? Short.BYTES : Float.BYTES;
    }

    /** Bytes jseek's pages hold for {@code values} cached values ({@link #bytesPerValue}). */
    public long bytes(long values) {
        return values * bytesPerValue();
    }

    /**
     * Stores {@code src[srcOffset .. srcOffset + n)} into the float page {@code dst[dstOffset ..]} (F32, Q8_0) as this
     * type keeps it: with {@link #storeHalves}, the write point of every KV row, so every cache store (RAM pages, disk
     * blocks) holds the same numbers. Q8_0 blocks start at {@code srcOffset}: pass whole cache rows.
     */
    public void store(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        if (halves()) {
            throw new IllegalStateException(this + " pages hold halves, not floats");
        }
        System.arraycopy(src, srcOffset, dst, dstOffset, n);
        if (this == Q8_0) {
            Q8Activations.round(GgmlType.Q8_0, dst, dstOffset, n);
        }
    }

    /**
     * Stores {@code src[srcOffset .. srcOffset + n)} into the half page {@code dst[dstOffset ..]} of an F16 cache,
     * rounded to nearest even ({@link Float#floatToFloat16}).
     */
    public void storeHalves(float[] src, int srcOffset, short[] dst, int dstOffset, int n) {
        if (!halves()) {
            throw new IllegalStateException(this + " pages hold floats, not halves");
        }
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = Float.floatToFloat16(src[srcOffset + i]);
        }
    }

    /** Rounds a query head {@code q[offset .. offset + n)} in place as ggml does before its dot with the keys. */
    public void roundQuery(float[] q, int offset, int n) {
        if (!ActivationPrecision.matchesLlamaCpp()) {
            return;
        }
        switch (this) {
            case F32 -> {
            }
            case F16 -> ActivationPrecision.toF16(q, offset, n);
            case Q8_0 -> Q8Activations.round(GgmlType.Q8_0, q, offset, n);
        }
    }

    /** Rounds softmax weights {@code att[offset .. offset + n)} in place as ggml does before they weight the values. */
    public void roundWeights(float[] att, int offset, int n) {
        if (this == F16 && ActivationPrecision.matchesLlamaCpp()) {
            ActivationPrecision.toF16(att, offset, n);
        }
    }

    /**
     * Checks that rows of {@code n} values named {@code what} (a head, a latent) can be stored as this type: Q8_0
     * needs whole blocks of 32, as llama.cpp does.
     *
     * @throws IllegalArgumentException naming the flag, the row and its width
     */
    public void checkRow(String what, int n) {
        if (this == Q8_0 && n % Q8_0_BLOCK != 0) {
            throw new IllegalArgumentException("--cache-type q8_0 needs rows in blocks of " + Q8_0_BLOCK
                    + " values; this model's " + what + " has " + n + " (use f16 or f32)");
        }
    }

    /** Bytes llama.cpp would hold for {@code values} cached values of this type (jseek holds {@link #bytes}). */
    public long llamaCppBytes(long values) {
        return switch (this) {
            case F32 -> values * Float.BYTES;
            case F16 -> values * 2;
            case Q8_0 -> values * (Q8_0_BLOCK + 2) / Q8_0_BLOCK;
        };
    }

    /** The type named {@code name} ({@code f32}, {@code f16}, {@code q8_0}; case-insensitive), or an error naming the flag. */
    public static KvCacheType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> F32;
            case "f16" -> F16;
            case "q8_0" -> Q8_0;
            default -> throw new IllegalArgumentException("--cache-type must be f32, f16 or q8_0, got '" + name + "'");
        };
    }

    /** The lower-case name the flag takes. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
