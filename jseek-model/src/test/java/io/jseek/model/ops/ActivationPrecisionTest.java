package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Q8Activations;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two activation paths give the same numbers: the Java kernels' rounding ({@link ActivationPrecision#round}) and
 * the native kernels' int8 blocks ({@link Q8Activations}, vectorised) dequantize to the same numbers, on random rows,
 * rows with exact rounding ties (the largest value 127, so that x * 127/amax = x) and all-zero blocks.
 */
class ActivationPrecisionTest {
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q8_0", "Q4_K", "Q6_K"})
    void int8BlocksDequantizeToTheRoundedActivations(GgmlType weights) {
        int cols = 1024;
        int tokens = 3;
        SplittableRandom rnd = new SplittableRandom(weights.id());
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian()));
        }
        for (int i = 0; i < 256; i++) { // token 0's first 256: ties at every half integer, largest magnitude 127
            x[i] = i == 0 ? 127f : (rnd.nextInt(253) - 126) + 0.5f;
        }
        java.util.Arrays.fill(x, cols, cols + 256, 0f); // an all-zero block for token 1
        Q8Activations q8 = new Q8Activations(ActivationPrecision.dotType(weights));
        q8.quantize(x, cols, tokens, cols);
        float[] rounded = ActivationPrecision.roundRows(weights, x, cols, tokens, cols, new float[x.length]);
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < cols; i++) {
                // equal as numbers: the Java rounding keeps the sign of a value that rounds to zero (-0.0)
                assertEquals(rounded[t * cols + i], q8.get(t, i), 0f, weights + " token " + t + " element " + i + ": " + rounded[t * cols + i] + " vs "
                                + q8.get(t, i));
            }
        }
    }
}
