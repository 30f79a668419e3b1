package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel at 128, 256 and 512 bits against its scalar twin and against a double-precision reference.
 *
 * <p>Error budget: float kernels sum in a different order than the scalar loops, so both may differ from the exact
 * dot {@code Σ w_i x_i} (computed in double over the dequantized weights) by rounding only. We require
 * {@code |dot - exact| <= 2e-5 * Σ |w_i x_i|} for the vector and the scalar kernel alike (n = 1024; a worst-case
 * float bound would be n * 2^-24 ≈ 6e-5, typical errors are ~1e-7). Mat-vecs given shared {@link ActivationSums} must
 * give the same bits as the per-row dot.
 */
class KernelWidthTest {
    static final double BUDGET = 2e-5;
    static final int ROWS = 3;
    static final int COLS = 1024;

    static Stream<Arguments> typesAndWidths() {
        return TestData.TYPES.stream().flatMap(t -> Stream.of(128, 256, 512).map(b -> Arguments.of(t, b)));
    }

    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void vectorMatchesScalarAndExact(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, type.id());
        float[] x = TestData.gaussian(COLS + 5, 1.0, 42);
        for (int r = 0; r < ROWS; r++) {
            long off = (long) r * COLS;
            double exact = TestData.exactDot(t, off, x, 5, COLS);
            double budget = BUDGET * TestData.absDot(t, off, x, 5, COLS) + 1e-30;
            float vec = t.dot(off, x, 5, COLS, width);
            float scalar = t.dot(off, x, 5, COLS, VectorWidth.SCALAR);
            assertTrue(Math.abs(vec - exact) <= budget, () -> type + " vector " + vec + " exact " + exact);
            assertTrue(Math.abs(scalar - exact) <= budget, () -> type + " scalar " + scalar + " exact " + exact);
        }
    }

    /**
     * Mat-vec rows are the per-row dots to the bit, from the entry point that computes the activation sums and from
     * the one given shared sums alike; rows outside the range are left alone.
     */
    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void matVecIsRowDots(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, 7);
        float[] x = TestData.gaussian(COLS, 1.0, 3);
        float[] out = new float[ROWS];
        float[] shared = new float[ROWS];
        t.matVec(x, out, COLS, 1, ROWS, width);
        t.matVec(x, ActivationSums.of(x, 0, COLS), shared, COLS, 0, ROWS, width);
        assertEquals(0f, out[0]);
        for (int r = 0; r < ROWS; r++) {
            float dot = t.dot((long) r * COLS, x, 0, COLS, width);
            assertEquals(dot, shared[r]);
            if (r > 0) {
                assertEquals(dot, out[r]);
            }
        }
    }

    /**
     * The accumulated vector-times-rows is the plain loop over the dequantized elements to the bit (each product
     * rounded, then added, row after row, onto what {@code out} held), at every width and for the scalar one, from an
     * offset past the first row; the output's neighbours are left alone.
     */
    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void accumulateRowsIsTheRowLoop(GgmlType type, int bits) {
        int rows = 5;
        FloatTensor t = TestData.matrix(type, rows + 1, COLS, 11);
        float[] coef = TestData.gaussian(rows + 2, 1.0, 13);
        float[] start = TestData.gaussian(COLS + 3, 1.0, 17);
        float[] expected = start.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < COLS; c++) {
                expected[1 + c] += coef[2 + r] * t.getFloat((long) (r + 1) * COLS + c);
            }
        }
        for (VectorWidth width : new VectorWidth[] {VectorWidth.of(bits), VectorWidth.SCALAR}) {
            float[] out = start.clone();
            t.accumulateRows(COLS, rows, COLS, coef, 2, out, 1, new float[COLS], width);
            for (int i = 0; i < out.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(out[i]),
                        type + " at " + width + ", element " + i);
            }
        }
    }

    @Test
    void activationSumsAreGroupSums() {
        float[] x = TestData.gaussian(3 + 4 * ActivationSums.GROUP, 1.0, 5);
        float[] sums = ActivationSums.of(x, 3, 4 * ActivationSums.GROUP);
        for (int g = 0; g < 4; g++) {
            double exact = 0;
            double abs = 0;
            for (int i = 0; i < ActivationSums.GROUP; i++) {
                exact += x[3 + g * ActivationSums.GROUP + i];
                abs += Math.abs(x[3 + g * ActivationSums.GROUP + i]);
            }
            assertEquals(exact, sums[g], 1e-6 * abs);
        }
    }
}
