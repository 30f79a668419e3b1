package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jseek.cpu.NativeKernels;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native int8 kernels against their Java twin ({@link Int8Twin}: bit-exact, for every instruction set this CPU
 * has) and against the Java float path on the same rounded activations (same products, other summation order).
 * Skipped where the library is unavailable (no C compiler at build time, another CPU): the Java path then runs.
 */
class NativeKernelsTest {
    private static final List<GgmlType> TYPES = List.of(GgmlType.Q4_0, GgmlType.Q5_0, GgmlType.Q8_0,
            GgmlType.Q4_K, GgmlType.Q6_K);
    private static final int ROWS = 37; // 16-row tiles (AVX-512) and 8-row tiles (AVX2), each with a tail
    private static final int COLS = 2304; // 72 blocks of 32: past the kernels' 64-block tile

    static List<Arguments> cases() {
        return NativeKernels.isas().stream()
                .flatMap(isa -> TYPES.stream().flatMap(t -> List.of(1, 3, 4, 9, 12, 70).stream()
                        .map(n -> Arguments.of(isa, t, n))))
                .toList();
    }

    static boolean available() {
        return NativeKernels.available();
    }

    private static GgmlType dotType(GgmlType t) {
        return t.blockSize() == 256 ? GgmlType.Q8_K : GgmlType.Q8_0;
    }

    /** The native mat-mul of all of {@code w} ({@code ROWS x COLS}) and {@code x} on the kernels of {@code isa}. */
    private static void matMul(String isa, FloatTensor w, Q8Activations x, int tokens, float[] out, int outOffset,
                               int stride) {
        NativeKernels.matMul(isa, w.type().id(), w.segment(), 0, ROWS, x.cols(), x.qs, x.d, x.bsums, tokens, out,
                outOffset, stride);
    }

    /** The _0 types over an odd number of blocks (75: the contract's unpaired last block), as {@link #cases}. */
    static List<Arguments> oddBlockCases() {
        return NativeKernels.isas().stream()
                .flatMap(isa -> TYPES.stream().filter(t -> t.blockSize() == 32)
                        .flatMap(t -> List.of(1, 12).stream().map(n -> Arguments.of(isa, t, n))))
                .toList();
    }

    /** {@code tokens} rows of gaussian activations, quantized to {@code type}'s dot type. */
    private static Q8Activations activations(GgmlType type, int tokens, double sigma, long seed) {
        return activations(type, tokens, COLS, sigma, seed);
    }

    private static Q8Activations activations(GgmlType type, int tokens, int cols, double sigma, long seed) {
        Q8Activations x = new Q8Activations(dotType(type));
        x.quantize(TestData.gaussian(tokens * cols, sigma, seed), cols, tokens, cols);
        return x;
    }

    @ParameterizedTest(name = "{0} {1} x {2} tokens")
    @EnabledIf("available")
    @MethodSource("cases")
    void bitExactAgainstTheJavaTwin(String isa, GgmlType type, int tokens) {
        bitExact(isa, type, tokens, COLS);
    }

    @ParameterizedTest(name = "{0} {1} x {2} tokens")
    @EnabledIf("available")
    @MethodSource("oddBlockCases")
    void bitExactAgainstTheJavaTwinOnAnOddNumberOfBlocks(String isa, GgmlType type, int tokens) {
        bitExact(isa, type, tokens, 75 * 32);
    }

    private static void bitExact(String isa, GgmlType type, int tokens, int cols) {
        FloatTensor w = TestData.matrix(type, ROWS, cols, 11 + type.id());
        Q8Activations x = activations(type, tokens, cols, 2.0, 5 + tokens);
        int stride = ROWS + 3;
        float[] out = new float[2 + tokens * stride];
        matMul(isa, w, x, tokens, out, 2, stride);
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < ROWS; r++) {
                float expected = Int8Twin.dot(w, r, x, t);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[2 + t * stride + r]),
                        isa + " " + type + " row " + r + " token " + t + ": " + expected + " vs "
                                + out[2 + t * stride + r]);
            }
        }
    }

    /**
     * The float path multiplies the same dequantized activations; only the summation order differs. Tolerance:
     * {@code 1e-5 * Σ|w x|} (float sums of 2,304 products).
     */
    @ParameterizedTest(name = "{0} {1} x {2} tokens")
    @EnabledIf("available")
    @MethodSource("cases")
    void matchesTheFloatPathOnTheSameRoundedActivations(String isa, GgmlType type, int tokens) {
        FloatTensor w = TestData.matrix(type, ROWS, COLS, 21 + type.id());
        Q8Activations x = activations(type, tokens, 1.0, 7 + tokens);
        float[] rounded = new float[tokens * COLS];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < COLS; i++) {
                rounded[t * COLS + i] = x.get(t, i);
            }
        }
        float[] out = new float[tokens * ROWS];
        matMul(isa, w, x, tokens, out, 0, ROWS);
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < ROWS; r++) {
                double exact = TestData.exactDot(w, (long) r * COLS, rounded, t * COLS, COLS);
                double budget = 1e-5 * TestData.absDot(w, (long) r * COLS, rounded, t * COLS, COLS);
                assertEquals(exact, out[t * ROWS + r], budget, isa + " " + type + " row " + r + " token " + t);
            }
        }
    }

    @Test
    void rowRangesThroughTheTensorMatchTheWholeProduct() {
        assumeTrue(NativeKernels.available(), NativeKernels.status());
        GgmlType type = GgmlType.Q4_0;
        FloatTensor w = TestData.matrix(type, ROWS, COLS, 3);
        Q8Activations x = new Q8Activations(GgmlType.Q8_0);
        x.quantize(TestData.gaussian(2 * COLS, 1.0, 4), COLS, 2, COLS);
        float[] whole = new float[2 * ROWS];
        w.matMul(x, whole, 0, ROWS, 0, ROWS);
        float[] parts = new float[2 * ROWS];
        w.matMul(x, parts, 0, ROWS, 0, 5);
        w.matMul(x, parts, 5, ROWS, 5, ROWS);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(parts[i]), "element " + i);
        }
    }

    @Test
    void badShapesAreRefusedBeforeTheCall() {
        assumeTrue(NativeKernels.available(), NativeKernels.status());
        MemorySegment w = MemorySegment.ofArray(new byte[18 * 4]);
        byte[] xq = new byte[64];
        float[] xd = new float[2];
        float[] out = new float[2];
        assertThrows(IndexOutOfBoundsException.class,
                () -> NativeKernels.matMul(NativeKernels.Q4_0, w, 0, 3, 64, xq, xd, new short[2], 1, out, 0, 3));
        assertThrows(IndexOutOfBoundsException.class,
                () -> NativeKernels.matMul(NativeKernels.Q4_0, w, 18, 2, 64, xq, xd, new short[2], 1, out, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> NativeKernels.matMul(NativeKernels.Q4_0, w, 0, 1, 48, xq, xd, new short[2], 1, out, 0, 1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> NativeKernels.matMul(NativeKernels.Q4_0, w, 0, 2, 64, xq, xd, new short[2], 2, out, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> NativeKernels.matMul(NativeKernels.Q4_K,
                MemorySegment.ofArray(new byte[144]), 0, 1, 256, new byte[256], new float[1], new short[15], 1, out, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> NativeKernels.matMul(3, w, 0, 1, 64, xq, xd, new short[2], 1, out, 0, 1));
    }

    @Test
    void statusNamesTheInstructionSetOrTheReason() {
        String status = NativeKernels.status();
        assertTrue(NativeKernels.available() ? NativeKernels.isas().contains(status) : !status.isBlank(), status);
    }
}
