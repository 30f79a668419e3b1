package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jseek against llama.cpp's own ggml (golden files from tools/oracle/quant/regen.sh; see the README there).
 *
 * <ul>
 *   <li>dequantization: bit-exact, every element, for all 13 types;</li>
 *   <li>quantization: byte-exact for every type jseek quantizes to;</li>
 *   <li>F32-activation dots vs llama.cpp's {@code vec_dot} (which first converts the activation to Q8_0/Q8_1/Q8_K,
 *       F16 or BF16): {@code |ours - ggml| <= 1e-2 * Σ|w_i x_i|} (activation rounding to 8 bits or bf16 is
 *       ~2^-8 relative per element), 1e-3 for F16 (2^-11) and 1e-5 for F32;</li>
 *   <li>Q8 integer dots fed with llama.cpp's own quantized activation: {@code <= 1e-5 * Σ|w_i x_i|}
 *       (integer parts exact; only float summation order differs).</li>
 * </ul>
 */
class GoldenQuantTest {
    static final int ROWS = 4;
    static final int COLS = 512;

    private static FloatTensor golden(GgmlType type) {
        return Tensors.of(type, MemorySegment.ofArray(TestData.golden(type + ".q.bin")), ROWS * COLS);
    }

    static java.util.List<GgmlType> types() {
        return TestData.TYPES;
    }

    @ParameterizedTest
    @MethodSource("types")
    void dequantizeIsBitExact(GgmlType type) {
        FloatTensor t = golden(type);
        float[] expected = TestData.goldenFloats(type + ".deq.bin");
        float[] ours = new float[ROWS * COLS];
        t.dequantize(0, ours, 0, ROWS * COLS);
        for (int i = 0; i < ours.length; i++) {
            int idx = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(ours[i]),
                    () -> type + " element " + idx + ": ggml " + expected[idx] + " jseek " + ours[idx]);
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(t.getFloat(i)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
    void referenceQuantizersAreByteExact(GgmlType type) {
        float[] input = TestData.goldenFloats("input.bin");
        assertArrayEquals(TestData.golden(type + ".q.bin"), Quantizers.quantize(type, input), type.toString());
    }

    @ParameterizedTest
    @MethodSource("types")
    void floatDotMatchesLlamaCpp(GgmlType type) {
        FloatTensor t = golden(type);
        float[] x = TestData.goldenFloats("x.bin");
        float[] expected = TestData.goldenFloats(type + ".dot.bin");
        double rel = switch (type) {
            case F32 -> 1e-5;
            case F16 -> 1e-3;
            default -> 1e-2;
        };
        for (int r = 0; r < ROWS; r++) {
            double budget = rel * TestData.absDot(t, (long) r * COLS, x, 0, COLS) + 1e-30;
            for (VectorWidth w : new VectorWidth[] {VectorWidth.SCALAR, VectorWidth.DEFAULT}) {
                float ours = t.dot((long) r * COLS, x, 0, COLS, w);
                float exp = expected[r];
                int row = r;
                assertTrue(Math.abs(ours - exp) <= budget,
                        () -> type + " row " + row + " " + w + ": ggml " + exp + " jseek " + ours + " budget " + budget);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void q8_0DotMatchesLlamaCppWithItsActivation(GgmlType type) {
        Q8_0Activation a = new Q8_0Activation(COLS);
        a.readBlocks(MemorySegment.ofArray(TestData.golden(type + ".xq.bin")), COLS);
        FloatTensor t = golden(type);
        float[] x = TestData.goldenFloats("x.bin");
        float[] expected = TestData.goldenFloats(type + ".dot.bin");
        for (int r = 0; r < ROWS; r++) {
            float ours = t instanceof Q8_0Tensor q ? q.dotQ8((long) r * COLS, a, 0, COLS)
                    : ((Q4_0Tensor) t).dotQ8((long) r * COLS, a, 0, COLS);
            double budget = 1e-5 * TestData.absDot(t, (long) r * COLS, x, 0, COLS) + 1e-30;
            assertEquals(expected[r], ours, budget, type + " row " + r);
        }
    }

    @org.junit.jupiter.api.Test
    void q4KDotMatchesLlamaCppWithItsActivation() {
        Q8KActivation a = new Q8KActivation(COLS);
        a.readBlocks(MemorySegment.ofArray(TestData.golden("Q4_K.xq.bin")), COLS);
        Q4KTensor t = (Q4KTensor) golden(GgmlType.Q4_K);
        float[] x = TestData.goldenFloats("x.bin");
        float[] expected = TestData.goldenFloats("Q4_K.dot.bin");
        for (int r = 0; r < ROWS; r++) {
            double budget = 1e-5 * TestData.absDot(t, (long) r * COLS, x, 0, COLS) + 1e-30;
            assertEquals(expected[r], t.dotQ8((long) r * COLS, a, 0, COLS), budget, "row " + r);
        }
    }

    /** Our Q8_K activation quantizer is ggml's reference one; the x86 CPU backend uses it too. */
    @org.junit.jupiter.api.Test
    void q8KActivationMatchesLlamaCpp() {
        Q8KActivation ours = new Q8KActivation(COLS);
        ours.quantize(TestData.goldenFloats("x.bin"), 0, COLS);
        Q8KActivation ggml = new Q8KActivation(COLS);
        ggml.readBlocks(MemorySegment.ofArray(TestData.golden("Q4_K.xq.bin")), COLS);
        assertArrayEquals(ggml.qs, ours.qs);
        assertArrayEquals(ggml.d, ours.d);
        assertArrayEquals(ggml.bsums, ours.bsums);
    }

    /** llama.cpp's AVX2 Q8_0 activation rounds half to even and scales by 127/amax; ours is the reference form. */
    @org.junit.jupiter.api.Test
    void q8_0ActivationMatchesLlamaCppWithinOneStep() {
        Q8_0Activation ours = new Q8_0Activation(COLS);
        ours.quantize(TestData.goldenFloats("x.bin"), 0, COLS);
        Q8_0Activation ggml = new Q8_0Activation(COLS);
        ggml.readBlocks(MemorySegment.ofArray(TestData.golden("Q8_0.xq.bin")), COLS);
        assertArrayEquals(ggml.d, ours.d);
        for (int i = 0; i < COLS; i++) {
            assertTrue(Math.abs(ggml.qs[i] - ours.qs[i]) <= 1, "element " + i);
        }
    }
}
