package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Q8_0/Q8_K activation paths against the F32-activation dots.
 *
 * <p>Budget: quantizing the activation to 8 bits moves each x_i by at most half a step, amax/254 per block; we
 * require {@code |dotQ8 - dot| <= 1e-2 * Σ|w_i x_i|} for Gaussian activations (observed ~1e-3).
 */
class ActivationTest {
    static final int N = 2048;

    private static double absDot(FloatTensor t, float[] x) {
        return TestData.absDot(t, 0, x, 0, N);
    }

    @Test
    void q8_0AndQ4_0IntegerDotsTrackFloatDots() {
        float[] x = TestData.gaussian(N, 1.0, 21);
        Q8_0Activation a = new Q8_0Activation(N);
        a.quantize(x, 0, N);
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            FloatTensor t = Tensors.of(type, TestData.randomBlocks(type, N, 22), N);
            float q8 = t instanceof Q8_0Tensor q ? q.dotQ8(0, a, 0, N) : ((Q4_0Tensor) t).dotQ8(0, a, 0, N);
            assertEquals(t.dot(0, x, 0, N), q8, 1e-2 * absDot(t, x), type.toString());
        }
    }

    @Test
    void q4KIntegerDotTracksFloatDot() {
        float[] x = TestData.gaussian(N, 1.0, 23);
        Q8KActivation a = new Q8KActivation(N);
        a.quantize(x, 0, N);
        Q4KTensor t = (Q4KTensor) Tensors.of(GgmlType.Q4_K, TestData.randomBlocks(GgmlType.Q4_K, N, 24), N);
        assertEquals(t.dot(0, x, 0, N), t.dotQ8(0, a, 0, N), 1e-2 * absDot(t, x));
    }

    @Test
    void activationsRoundTrip() {
        float[] x = TestData.gaussian(N, 3.0, 25);
        x[7] = 0f;
        Q8_0Activation a = new Q8_0Activation(N);
        a.quantize(x, 0, N);
        Q8KActivation k = new Q8KActivation(N);
        k.quantize(x, 0, N);
        for (int i = 0; i < N; i++) {
            float amax = 0f;
            for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
                amax = Math.max(amax, Math.abs(x[j]));
            }
            assertEquals(x[i], a.get(i), amax / 200, "q8_0 " + i);
            assertEquals(x[i], k.get(i), 12.0 / 254 * 1.01, "q8_K " + i);
        }
    }

    @Test
    void zeroActivationBlocks() {
        float[] x = new float[N];
        Q8KActivation k = new Q8KActivation(N);
        k.quantize(x, 0, N);
        Q4KTensor t = (Q4KTensor) Tensors.of(GgmlType.Q4_K, TestData.randomBlocks(GgmlType.Q4_K, N, 26), N);
        assertEquals(0f, t.dotQ8(0, k, 0, N));
        Q8_0Activation a = new Q8_0Activation(N);
        a.quantize(x, 0, N);
        assertEquals(0f, Math.abs(((Q8_0Tensor) Tensors.of(GgmlType.Q8_0,
                TestData.randomBlocks(GgmlType.Q8_0, N, 27), N)).dotQ8(0, a, 0, N)));
        assertEquals(0, MemorySegment.ofArray(k.qs).elements(java.lang.foreign.ValueLayout.JAVA_BYTE)
                .filter(s -> s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) != 0).count());
    }
}
