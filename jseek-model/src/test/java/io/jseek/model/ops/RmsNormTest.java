package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RmsNormTest {

    static FloatTensor f32(float... values) {
        return Tensors.of(GgmlType.F32, MemorySegment.ofArray(values), values.length);
    }

    @Test
    void matchesFormula() {
        float[] x = {1f, -2f, 3f, 0.5f};
        float[] w = {1f, 2f, 0.5f, -1f};
        float eps = 1e-5f;
        float[] out = new float[4];
        RmsNorm.apply(out, x, f32(w), 4, eps);
        double ms = (1 + 4 + 9 + 0.25) / 4;
        for (int i = 0; i < 4; i++) {
            assertEquals(x[i] / Math.sqrt(ms + eps) * w[i], out[i], 1e-6);
        }
    }

    @Test
    void worksInPlaceWithOffsets() {
        float[] x = {9f, 3f, 4f, 9f};
        RmsNorm.apply(x, 1, x, 1, f32(1f, 1f), 2, 0f);
        double rms = Math.sqrt((9 + 16) / 2.0);
        assertEquals(3 / rms, x[1], 1e-6);
        assertEquals(4 / rms, x[2], 1e-6);
        assertEquals(9f, x[0]);
        assertEquals(9f, x[3]);
    }

    @Test
    void epsilonKeepsZeroFinite() {
        float[] out = new float[2];
        RmsNorm.apply(out, new float[2], f32(1f, 1f), 2, 1e-6f);
        assertEquals(0f, out[0]);
        assertEquals(0f, out[1]);
    }
}
