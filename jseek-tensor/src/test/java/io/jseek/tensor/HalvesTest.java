package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalvesTest {
    /** Every one of the 65,536 halves, at an offset and with a tail shorter than a vector. */
    @Test
    void everyHalfWidensAsFloatFloat16ToFloat() {
        short[] all = new short[65_536 + 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 1);
        }
        float[] got = new float[all.length + 5];
        Halves.widen(all, 1, got, 5, all.length - 1);
        for (int i = 1; i < all.length; i++) {
            float want = Float.float16ToFloat(all[i]);
            int at = i;
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i + 4]),
                    () -> "half 0x" + Integer.toHexString(all[at] & 0xffff));
        }
    }
}
