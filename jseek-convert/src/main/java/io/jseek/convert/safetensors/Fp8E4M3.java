package io.jseek.convert.safetensors;

/**
 * {@code float8_e4m3fn} ("FN": no infinities, NaN only at S.1111.111), the format of DeepSeek-V3/R1 weights: bias 7,
 * subnormals {@code m/8·2^-6}, largest finite 448 (../shared/docs/hf-checkpoints.md §2.1). A 256-entry table is exact.
 */
public final class Fp8E4M3 {
    private static final float[] TABLE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            int e = (b >>> 3) & 0xF;
            int m = b & 7;
            float magnitude;
            if (e == 15 && m == 7) {
                magnitude = Float.NaN;
            } else if (e == 0) {
                magnitude = Math.scalb(m / 8f, -6);
            } else {
                magnitude = Math.scalb(1 + m / 8f, e - 7);
            }
            TABLE[b] = (b & 0x80) != 0 ? -magnitude : magnitude;
        }
    }

    private Fp8E4M3() {
    }

    /** The value of byte {@code b}. */
    public static float decode(byte b) {
        return TABLE[b & 0xFF];
    }
}
