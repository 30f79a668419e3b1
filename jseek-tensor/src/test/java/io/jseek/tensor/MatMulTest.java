package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FloatTensor#matMul} against per-token {@link FloatTensor#matVec} at every width, and the vector block
 * decoders against the scalar dequantization.
 *
 * <p>Error budget: the mat-mul sums in another order (per column chunk, then across chunks), so it may differ from
 * the mat-vec by rounding only: {@code |mm - mv| <= 4e-5 * Σ|w_i x_i|} (twice the per-dot budget of
 * {@link KernelWidthTest}, as both sides round). Shapes exercise a partial row group (7 rows from row 1), two column
 * chunks (1280 = 1024 + 256) and an odd token count (the single-token tail of the tile kernel). Decoding is exact.
 */
class MatMulTest {
    static final int ROWS = 8;
    static final int COLS = 1280;
    static final double BUDGET = 4e-5;

    static Stream<Arguments> typesAndWidths() {
        return TestData.TYPES.stream().flatMap(t -> Stream.of(0, 128, 256, 512).map(b -> Arguments.of(t, b)));
    }

    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void matMulIsPerTokenMatVec(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, 11);
        int tokens = 5;
        int xStride = COLS + 3;
        int outStride = ROWS + 2;
        float[] x = TestData.gaussian(tokens * xStride, 1.0, 12);
        float[] out = new float[tokens * outStride];
        t.matMul(x, xStride, out, outStride, tokens, COLS, 1, ROWS, width);
        float[] xt = new float[COLS];
        float[] expected = new float[ROWS];
        for (int i = 0; i < tokens; i++) {
            System.arraycopy(x, i * xStride, xt, 0, COLS);
            t.matVec(xt, expected, COLS, 1, ROWS, width);
            assertEquals(0f, out[i * outStride]);
            for (int r = 1; r < ROWS; r++) {
                double budget = BUDGET * TestData.absDot(t, (long) r * COLS, xt, 0, COLS) + 1e-30;
                float got = out[i * outStride + r];
                float want = expected[r];
                assertTrue(Math.abs(got - want) <= budget, () -> type + " " + got + " vs mat-vec " + want);
            }
        }
    }

    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void oneTokenIsExactlyMatVec(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, 13);
        float[] x = TestData.gaussian(COLS, 1.0, 14);
        float[] mm = new float[ROWS];
        float[] mv = new float[ROWS];
        t.matMul(x, COLS, mm, ROWS, 1, COLS, 0, ROWS, width);
        t.matVec(x, mv, COLS, 0, ROWS, width);
        assertArrayEquals(mv, mm);
    }

    /**
     * A token's result does not depend on the batch it came in: seven tokens at once (at 512 bits four, then two,
     * then one through the tile kernel) give the same bits as batches of two, two and three.
     */
    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void batchingDoesNotChangeTheBits(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, 16);
        int tokens = 7;
        float[] x = TestData.gaussian(tokens * COLS, 1.0, 17);
        float[] all = new float[tokens * ROWS];
        t.matMul(x, COLS, all, ROWS, tokens, COLS, 0, ROWS, width);
        float[] parts = new float[tokens * ROWS];
        int from = 0;
        for (int n : new int[] {2, 2, 3}) {
            float[] xs = Arrays.copyOfRange(x, from * COLS, (from + n) * COLS);
            float[] out = new float[n * ROWS];
            t.matMul(xs, COLS, out, ROWS, n, COLS, 0, ROWS, width);
            System.arraycopy(out, 0, parts, from * ROWS, n * ROWS);
            from += n;
        }
        assertArrayEquals(parts, all);
    }

    @ParameterizedTest(name = "{0} at {1} bits")
    @MethodSource("typesAndWidths")
    void vectorDecodeIsScalarDequantization(GgmlType type, int bits) {
        VectorWidth width = VectorWidth.of(bits);
        FloatTensor t = TestData.matrix(type, ROWS, COLS, 15);
        RowKernel k = width.scalar() ? null : t.kernel(width);
        if (k == null) {
            return;
        }
        float[] want = new float[COLS];
        float[] got = new float[COLS + 1];
        t.dequantize(COLS, want, 0, COLS);
        k.decode(t.segment(), COLS, got, 1, COLS);
        for (int i = 0; i < COLS; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i + 1]), type + " element " + i);
        }
    }
}
