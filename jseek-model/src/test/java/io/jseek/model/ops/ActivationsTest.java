package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void softmaxMatchesFormulaAndSumsToOne() {
        float[] x = {0f, 1f, 2f, 3f, 99f};
        Activations.softmax(x, 0, 4);
        double z = 1 + Math.E + Math.exp(2) + Math.exp(3);
        for (int i = 0; i < 4; i++) {
            assertEquals(Math.exp(i) / z, x[i], 1e-7);
        }
        assertEquals(99f, x[4], "outside the range");
    }

    @Test
    void softmaxIsStableForLargeLogitsAndMaskedEntries() {
        float[] x = {1000f, 1000f, Float.NEGATIVE_INFINITY};
        Activations.softmax(x, 0, 3);
        assertEquals(0.5f, x[0]);
        assertEquals(0.5f, x[1]);
        assertEquals(0f, x[2]);
    }

    @Test
    void siluAndSwiglu() {
        assertEquals(0f, Activations.silu(0f));
        assertEquals(2 / (1 + Math.exp(-2)), Activations.silu(2f), 1e-6);
        float[] gate = {1f, -1f};
        Activations.swiglu(gate, new float[] {2f, 3f}, 2);
        assertEquals(2 * Activations.silu(1f), gate[0], 1e-7);
        assertEquals(3 * Activations.silu(-1f), gate[1], 1e-7);
    }
}
