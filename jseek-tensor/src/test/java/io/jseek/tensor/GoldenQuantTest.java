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
 *   <li>Q8 activations byte-exact with llama.cpp's, and integer dots on them {@code <= 1e-5 * Σ|w_i x_i|}
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

    /**
     * Q8 integer dots (the native kernels' twin, {@link Int8Twin}) on the activation {@link Q8Activations} quantizes,
     * which is llama.cpp's own to the byte (checked below): only float summation order differs.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K"})
    void int8DotMatchesLlamaCppWithItsActivation(GgmlType type) {
        FloatTensor t = golden(type);
        float[] x = TestData.goldenFloats("x.bin");
        float[] expected = TestData.goldenFloats(type + ".dot.bin");
        Q8Activations a = new Q8Activations(type == GgmlType.Q4_K ? GgmlType.Q8_K : GgmlType.Q8_0);
        a.quantize(x, COLS, 1, COLS);
        for (int r = 0; r < ROWS; r++) {
            double budget = 1e-5 * TestData.absDot(t, (long) r * COLS, x, 0, COLS) + 1e-30;
            assertEquals(expected[r], Int8Twin.dot(t, r, a, 0), budget, type + " row " + r);
        }
    }

    /** The Q8_K activation is byte for byte llama.cpp's {@code block_q8_K} ({@code {f32 d; int8 qs[256]; int16 bsums[16]}}). */
    @org.junit.jupiter.api.Test
    void q8KActivationMatchesLlamaCpp() {
        checkActivation(GgmlType.Q8_K, "Q4_K.xq.bin");
    }

    /**
     * The Q8_0 activation is llama.cpp's x86 {@code quantize_row_q8_0} ({@code block_q8_0 {f16 d; int8 qs[32]}}):
     * half to even, scaled by 127/amax.
     */
    @org.junit.jupiter.api.Test
    void q8_0ActivationMatchesLlamaCpp() {
        checkActivation(GgmlType.Q8_0, "Q8_0.xq.bin");
    }

    /** Our {@code format} activation of {@code x.bin} has llama.cpp's blocks ({@code golden}): scale, quants, sums. */
    private static void checkActivation(GgmlType format, String golden) {
        Q8Activations ours = new Q8Activations(format);
        ours.quantize(TestData.goldenFloats("x.bin"), COLS, 1, COLS);
        MemorySegment ggml = MemorySegment.ofArray(TestData.golden(golden));
        boolean k = format == GgmlType.Q8_K;
        int qk = format.blockSize();
        int qs = k ? 4 : 2;
        for (int b = 0; b < COLS / qk; b++) {
            long o = (long) b * format.typeSize();
            assertEquals(k ? Mem.f32(ggml, o) : Mem.f16(ggml, o), ours.d[b], 0f, "d of block " + b);
            for (int j = 0; j < qk; j++) {
                assertEquals(Mem.i8(ggml, o + qs + j), ours.qs[b * qk + j], "q " + (b * qk + j));
            }
            for (int g = 0; k && g < qk / 16; g++) {
                assertEquals(ggml.get(Mem.SHORT_LE, o + qs + qk + 2 * g), ours.bsums[b * 16 + g], "bsum " + g);
            }
        }
    }
}
