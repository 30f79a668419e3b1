package io.jseek.model.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.RopeConfig;
import io.jseek.model.RopeScaling;
import io.jseek.model.RopeType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTest {
    static final int D = 8;

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    static double theta(int pos, int i, double base, double scale) {
        return scale * pos * Math.pow(base, -2.0 * i / D);
    }

    static float[] rotate(Rope rope, int pos, float[] x) {
        float[] cos = new float[rope.pairs()];
        float[] sin = new float[rope.pairs()];
        rope.cache(pos, cos, sin);
        float[] y = x.clone();
        rope.rotate(y, 0, cos, sin);
        return y;
    }

    @Test
    void normRotatesAdjacentPairs() {
        float[] x = random(D, 1);
        float[] y = rotate(new Rope(RopeConfig.plain(RopeType.NORM, D, 10000f), null), 7, x);
        for (int i = 0; i < D / 2; i++) {
            double t = theta(7, i, 10000, 1);
            assertEquals(x[2 * i] * Math.cos(t) - x[2 * i + 1] * Math.sin(t), y[2 * i], 1e-5);
            assertEquals(x[2 * i] * Math.sin(t) + x[2 * i + 1] * Math.cos(t), y[2 * i + 1], 1e-5);
        }
    }

    @Test
    void neoxRotatesHalves() {
        float[] x = random(D, 2);
        float[] y = rotate(new Rope(RopeConfig.plain(RopeType.NEOX, D, 10000f), null), 5, x);
        int h = D / 2;
        for (int i = 0; i < h; i++) {
            double t = theta(5, i, 10000, 1);
            assertEquals(x[i] * Math.cos(t) - x[i + h] * Math.sin(t), y[i], 1e-5);
            assertEquals(x[i] * Math.sin(t) + x[i + h] * Math.cos(t), y[i + h], 1e-5);
        }
    }

    /** The llama converter's q/k row permutation makes NORM on permuted rows equal NEOX on the original. */
    @Test
    void normOnInterleavedEqualsNeoxOnHalves() {
        float[] x = random(D, 3);
        float[] interleaved = new float[D];
        for (int i = 0; i < D / 2; i++) {
            interleaved[2 * i] = x[i];
            interleaved[2 * i + 1] = x[i + D / 2];
        }
        float[] neox = rotate(new Rope(RopeConfig.plain(RopeType.NEOX, D, 500f), null), 11, x);
        float[] norm = rotate(new Rope(RopeConfig.plain(RopeType.NORM, D, 500f), null), 11, interleaved);
        for (int i = 0; i < D / 2; i++) {
            assertEquals(neox[i], norm[2 * i], 1e-6);
            assertEquals(neox[i + D / 2], norm[2 * i + 1], 1e-6);
        }
    }

    @Test
    void linearScalingDividesPositions() {
        RopeConfig scaled = new RopeConfig(RopeType.NORM, D, 100000f, 0.25f, RopeScaling.LINEAR, 0f, 1f, 32f, 1f, 0);
        float[] x = random(D, 4);
        float[] y = rotate(new Rope(scaled, null), 12, x);
        float[] plain = rotate(new Rope(RopeConfig.plain(RopeType.NORM, D, 100000f), null), 3, x);
        assertArrayEquals(plain, y, 1e-5f);
    }

    @Test
    void freqFactorsDivideTheta() {
        float[] ff = {1f, 2f, 4f, 8f};
        Rope rope = new Rope(RopeConfig.plain(RopeType.NORM, D, 10000f), ff);
        float[] cos = new float[4];
        float[] sin = new float[4];
        rope.cache(9, cos, sin);
        for (int i = 0; i < 4; i++) {
            double t = theta(9, i, 10000, 1) / ff[i];
            assertEquals(Math.cos(t), cos[i], 1e-5);
            assertEquals(Math.sin(t), sin[i], 1e-5);
        }
    }

    @Test
    void positionZeroIsIdentityAndDimsPastNRotAreUntouched() {
        RopeConfig partial = RopeConfig.plain(RopeType.NEOX, 4, 10000f);
        float[] x = random(D, 5);
        assertArrayEquals(x, rotate(new Rope(partial, null), 0, x), 0f);
        float[] y = rotate(new Rope(partial, null), 3, x);
        for (int i = 4; i < D; i++) {
            assertEquals(x[i], y[i]);
        }
    }

    /**
     * DeepSeek's YaRN (n_dims 64, base 10000, n_ctx_orig 4096, factor 40) has corr dims [10, 23]
     * (../shared/docs/deepseek-spec.md §2.0.2).
     */
    @Test
    void yarnRampsBetweenExtrapolationAndInterpolation() {
        RopeConfig yarn = new RopeConfig(RopeType.NORM, 64, 10000f, 1f / 40, RopeScaling.YARN, 1f, 1f, 32f, 1f, 4096);
        Rope rope = new Rope(yarn, null);
        float[] cos = new float[32];
        float[] sin = new float[32];
        rope.cache(100, cos, sin);
        double mscale = 1 + 0.1 * Math.log(40);
        double extrap5 = 100 * Math.pow(10000, -2.0 * 5 / 64);
        assertEquals(Math.cos(extrap5) * mscale, cos[5], 1e-4);
        double interp30 = 100 * Math.pow(10000, -2.0 * 30 / 64) / 40;
        assertEquals(Math.sin(interp30) * mscale, sin[30], 1e-4);
    }
}
