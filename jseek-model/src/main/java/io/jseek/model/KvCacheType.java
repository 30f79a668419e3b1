package io.jseek.model;

import java.util.Locale;

/**
 * The element type of the KV cache (the MLA latent cache included), as llama.cpp's {@code --cache-type-k/-v}.
 * jseek keeps cached values in float arrays either way; the type says what they are rounded through when stored and,
 * for F16, that the query and the softmax weights are rounded to F16 before they meet the cache, as ggml's
 * {@code mul_mat} does with an F16 cache ({@code ops.ActivationPrecision}). F32 rounds nothing: the exact path, and
 * the one to compare with a full-precision reference.
 */
public enum KvCacheType {
    /** Full precision: nothing rounded. */
    F32,
    /** Half precision, llama.cpp's default. */
    F16;

    /** Whether stored values (and the operands that meet them) are rounded through half precision. */
    public boolean roundsToF16() {
        return this == F16;
    }

    /** The type named {@code name} ({@code f32}, {@code f16}; case-insensitive), or an error naming the flag. */
    public static KvCacheType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> F32;
            case "f16" -> F16;
            default -> throw new IllegalArgumentException("--cache-type must be f32 or f16, got '" + name + "'");
        };
    }

    /** The lower-case name the flag takes. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
