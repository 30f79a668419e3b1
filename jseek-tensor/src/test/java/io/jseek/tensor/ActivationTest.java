package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Q8_0/Q8_K activation paths ({@link Q8Activations} and the integer dots of the native kernels' twin,
 * {@link Int8Twin}) against the F32-activation dots.
 *
 * <p>Budget: quantizing the activation to 8 bits moves each x_i by at most half a step, amax/254 per block; we
 * require {@code |int8 dot - dot| <= 1e-2 * Σ|w_i x_i|} for Gaussian activations (observed ~1e-3).
 */
class ActivationTest {
    static final int N = 2048;

    private static double absDot(FloatTensor t, float[] x) {
        return TestData.absDot(t, 0, x, 0, N);
    }

    private static Q8Activations quantized(GgmlType format, float[] x) {
        Q8Activations a = new Q8Activations(format);
        a.quantize(x, N, 1, N);
        return a;
    }

    @Test
    void integerDotsTrackFloatDots() {
        float[] x = TestData.gaussian(N, 1.0, 21);
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K}) {
            FloatTensor t = Tensors.of(type, TestData.randomBlocks(type, N, 22), N);
            Q8Activations a = quantized(type == GgmlType.Q4_K ? GgmlType.Q8_K : GgmlType.Q8_0, x);
            assertEquals(t.dot(0, x, 0, N), Int8Twin.dot(t, 0, a, 0), 1e-2 * absDot(t, x), type.toString());
        }
    }

    @Test
    void activationsRoundTrip() {
        float[] x = TestData.gaussian(N, 3.0, 25);
        x[7] = 0f;
        Q8Activations a = quantized(GgmlType.Q8_0, x);
        Q8Activations k = quantized(GgmlType.Q8_K, x);
        for (int i = 0; i < N; i++) {
            float amax = 0f;
            for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
                amax = Math.max(amax, Math.abs(x[j]));
            }
            assertEquals(x[i], a.get(0, i), amax / 200, "q8_0 " + i);
            assertEquals(x[i], k.get(0, i), 12.0 / 254 * 1.01, "q8_K " + i);
        }
    }

    @Test
    void zeroActivationBlocks() {
        float[] x = new float[N];
        Q8Activations k = quantized(GgmlType.Q8_K, x);
        FloatTensor q4k = Tensors.of(GgmlType.Q4_K, TestData.randomBlocks(GgmlType.Q4_K, N, 26), N);
        assertEquals(0f, Int8Twin.dot(q4k, 0, k, 0));
        Q8Activations a = quantized(GgmlType.Q8_0, x);
        FloatTensor q80 = Tensors.of(GgmlType.Q8_0, TestData.randomBlocks(GgmlType.Q8_0, N, 27), N);
        assertEquals(0f, Math.abs(Int8Twin.dot(q80, 0, a, 0)));
        for (int i = 0; i < N; i++) {
            assertEquals(0, k.qs[i], "q8_K " + i);
            assertEquals(0, a.qs[i], "q8_0 " + i);
        }
    }

    /** {@link Q8Activations#round} gives, in place, exactly the values {@link Q8Activations#get} gives. */
    @Test
    void roundingInPlaceIsQuantizeThenGet() {
        float[] x = TestData.gaussian(N, 2.0, 28);
        java.util.Arrays.fill(x, 256, 512, 0f); // an all-zero Q8_K block
        for (GgmlType format : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q8_K}) {
            Q8Activations a = quantized(format, x);
            float[] rounded = x.clone();
            Q8Activations.round(format, rounded, 0, N);
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToRawIntBits(a.get(0, i)), Float.floatToRawIntBits(rounded[i]),
                        format + " element " + i);
            }
        }
    }
}
