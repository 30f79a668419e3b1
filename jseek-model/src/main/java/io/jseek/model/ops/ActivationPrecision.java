package io.jseek.model.ops;

import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import java.util.Locale;

/**
 * Rounds activations the way llama.cpp's CPU backend does before a dot product (../shared/docs/deepseek-spec.md §1.6),
 * so that jseek computes the same numbers as llama.cpp up to summation order. ggml's {@code mul_mat} first converts its
 * activation operand to the weight's {@code vec_dot_type}:
 * <ul>
 *   <li>F32 weights: nothing;</li>
 *   <li>F16 weights (and an F16 KV cache in attention): F16 (round to nearest even); BF16: BF16;</li>
 *   <li>Q4_0, Q5_0, Q8_0: Q8_0 blocks of 32 ({@code d = amax/127} stored as f16, {@code q = rint(x·127/amax)}, the
 *       x86 SIMD {@code quantize_row_q8_0}); Q4_1, Q5_1: Q8_1, the same values (its f16 block sum is not
 *       reproduced);</li>
 *   <li>K-quants: Q8_K blocks of 256 ({@code quantize_row_q8_K_ref}: {@code iscale = -127/max} with {@code max} the
 *       signed value of largest magnitude, {@code q = min(127, rint(iscale·x))}, {@code d = 1/iscale} in f32).</li>
 * </ul>
 * Instead of integer dot products the activation is quantized and dequantized once per mat-vec (by
 * {@link Q8Activations#round}, the quantizer of the native int8 kernels), then the F32 dot runs as usual: the products
 * {@code q_w·d_w·q_x·d_x} are llama.cpp's, only their summation order differs.
 *
 * <p>The mode is global, from the system property {@code jseek.activations}: {@code llama.cpp} (default) rounds as
 * above, {@code f32} keeps activations in F32 (slightly more accurate, not what llama.cpp computes). Both the
 * single-token and the batched forward passes read it, so they agree with each other in either mode.
 */
public final class ActivationPrecision {
    /** The rounding modes. */
    public enum Mode {
        /** Round activations to the weight's ggml dot type, like llama.cpp (the default). */
        LLAMA_CPP,
        /** Keep activations in F32. */
        F32
    }

    private static final Mode MODE = parse(System.getProperty("jseek.activations", "llama.cpp"));

    private ActivationPrecision() {
    }

    static Mode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "llama.cpp", "llamacpp", "ggml" -> Mode.LLAMA_CPP;
            case "f32" -> Mode.F32;
            default -> throw new IllegalArgumentException("jseek.activations must be llama.cpp or f32, got " + value);
        };
    }

    /** The mode of this JVM. */
    public static Mode mode() {
        return MODE;
    }

    /** Whether activations are rounded like llama.cpp. */
    public static boolean matchesLlamaCpp() {
        return MODE == Mode.LLAMA_CPP;
    }

    /** The type ggml converts an activation to before a dot with a weight of type {@code weight}. */
    public static GgmlType dotType(GgmlType weight) {
        return switch (weight) {
            case F16 -> GgmlType.F16;
            case Q4_0, Q5_0, Q8_0 -> GgmlType.Q8_0;
            case Q4_1, Q5_1 -> GgmlType.Q8_1;
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> GgmlType.Q8_K;
            default -> weight; // F32, BF16 (and types we cannot compute with) are their own dot types
        };
    }

    /** Whether, in this mode, activations for weights of type {@code weight} are rounded at all. */
    public static boolean rounds(GgmlType weight) {
        return MODE == Mode.LLAMA_CPP && weight != GgmlType.F32;
    }

    /**
     * Whether a dot with weights {@code w} runs on the native int8 kernels: in this mode activations are rounded to
     * an int8 block type, and {@link FloatTensor#hasInt8Kernel()}. Those kernels take the activations quantized to
     * {@link #dotType} ({@link Q8Activations}), which are exactly the values {@link #round} gives.
     */
    public static boolean int8(FloatTensor w) {
        return rounds(w.type()) && w.hasInt8Kernel();
    }

    /**
     * The activation row {@code x[0 .. n)} as llama.cpp feeds it to a dot with weights of type {@code weight}: either
     * {@code x} itself (nothing to round) or {@code scratch}, whose first {@code n} elements are then the rounded row.
     */
    public static float[] round(GgmlType weight, float[] x, int n, float[] scratch) {
        if (!rounds(weight)) {
            return x;
        }
        System.arraycopy(x, 0, scratch, 0, n);
        roundInPlace(weight, scratch, 0, n);
        return scratch;
    }

    /**
     * Rounds {@code tokens} rows ({@code x[t·stride .. t·stride + n)}) for weights of type {@code weight} into
     * {@code scratch} (same layout), or returns {@code x} when nothing is rounded.
     */
    public static float[] roundRows(GgmlType weight, float[] x, int stride, int tokens, int n, float[] scratch) {
        if (!rounds(weight)) {
            return x;
        }
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(x, t * stride, scratch, t * stride, n);
            roundInPlace(weight, scratch, t * stride, n);
        }
        return scratch;
    }

    /** Rounds {@code x[offset .. offset + n)} in place for weights of type {@code weight} (no-op in F32 mode). */
    public static void roundInPlace(GgmlType weight, float[] x, int offset, int n) {
        if (!rounds(weight)) {
            return;
        }
        switch (dotType(weight)) {
            case F16 -> toF16(x, offset, n);
            case BF16 -> toBf16(x, offset, n);
            case Q8_0, Q8_1 -> Q8Activations.round(GgmlType.Q8_0, x, offset, n);
            case Q8_K -> Q8Activations.round(GgmlType.Q8_K, x, offset, n);
            default -> {
            }
        }
    }

    /** Rounds {@code x[offset .. offset + n)} through F16 (round to nearest even), whatever the mode. */
    public static void toF16(float[] x, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            x[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
        }
    }

    static void toBf16(float[] x, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            int u = Float.floatToRawIntBits(x[i]);
            if ((u & 0x7fffffff) > 0x7f800000) {
                x[i] = Float.intBitsToFloat((u | 0x00400000) & 0xffff0000); // quiet NaN
            } else {
                x[i] = Float.intBitsToFloat(((u + (0x7fff + ((u >>> 16) & 1))) >>> 16) << 16);
            }
        }
    }
}
