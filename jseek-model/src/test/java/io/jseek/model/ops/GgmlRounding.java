package io.jseek.model.ops;

import io.jseek.tensor.GgmlType;

/**
 * ggml's x86 activation rounding written out element by element from its rules (../shared/docs/cpu-kernels.md
 * §1.1–1.3), the reference {@link ActivationPrecisionTest} holds {@link ActivationPrecision} to: the values
 * {@code q * d} a dot with weights of each {@code vec_dot_type} multiplies.
 */
final class GgmlRounding {
    private static final float MAGIC = 12582912f; // 1.5 * 2^23

    private GgmlRounding() {
    }

    /** Rounds {@code x[offset .. offset + n)} in place to {@code dotType}. */
    static void round(GgmlType dotType, float[] x, int offset, int n) {
        int block = dotType == GgmlType.Q8_K ? 256 : 32;
        switch (dotType) {
            case F16 -> {
                for (int i = offset; i < offset + n; i++) {
                    x[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
                }
            }
            case BF16 -> {
                for (int i = offset; i < offset + n; i++) {
                    x[i] = bf16(x[i]);
                }
            }
            case Q8_0, Q8_1 -> {
                for (int b = offset; b < offset + n; b += block) {
                    q8_0(x, b);
                }
            }
            case Q8_K -> {
                for (int b = offset; b < offset + n; b += block) {
                    q8K(x, b);
                }
            }
            default -> {
            }
        }
    }

    /** Nearest bf16, ties to the even one; a NaN stays a (quiet) NaN. */
    private static float bf16(float v) {
        if (Float.isNaN(v)) {
            return Float.NaN;
        }
        int bits = Float.floatToRawIntBits(v);
        int kept = bits & 0xffff0000;
        int dropped = bits & 0xffff;
        boolean up = dropped > 0x8000 || dropped == 0x8000 && (kept & 0x10000) != 0;
        return Float.intBitsToFloat(up ? kept + 0x10000 : kept);
    }

    /** {@code quantize_row_q8_0}, AVX2 branch: multiplier 127/amax in f32, ties to even, scale amax/127 in f16. */
    private static void q8_0(float[] x, int b) {
        float amax = 0f;
        for (int j = b; j < b + 32; j++) {
            amax = Math.max(amax, Math.abs(x[j]));
        }
        float id = amax == 0f ? 0f : 127f / amax;
        float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
        for (int j = b; j < b + 32; j++) {
            x[j] = nearestInt(x[j] * id) * d;
        }
    }

    /**
     * {@code quantize_row_q8_K_ref}: {@code max} the signed value of largest magnitude (the first such),
     * {@code iscale = -127/max}, {@code q = min(127, nearest_int(iscale·x))}, {@code d = 1/iscale} in f32; an all-zero
     * block is zeros.
     */
    private static void q8K(float[] x, int b) {
        float max = 0f;
        for (int j = b; j < b + 256; j++) {
            if (Math.abs(x[j]) > Math.abs(max)) {
                max = x[j];
            }
        }
        if (max == 0f) {
            java.util.Arrays.fill(x, b, b + 256, 0f);
            return;
        }
        float iscale = -127f / max;
        float d = 1f / iscale;
        for (int j = b; j < b + 256; j++) {
            x[j] = Math.min(127, nearestInt(iscale * x[j])) * d;
        }
    }

    /** ggml's {@code nearest_int}: add 1.5·2^23 so that the integer lands in the mantissa (ties to even). */
    private static int nearestInt(float v) {
        int bits = Float.floatToRawIntBits(v + MAGIC);
        return (bits & 0x007fffff) - 0x00400000;
    }
}
