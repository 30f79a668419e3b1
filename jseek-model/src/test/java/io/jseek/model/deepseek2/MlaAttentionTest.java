package io.jseek.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.Batch;
import io.jseek.model.KvCacheType;
import io.jseek.model.ComputePool;
import io.jseek.model.HeapKvPages;
import io.jseek.model.ModelConfig;
import io.jseek.model.RopeConfig;
import io.jseek.model.RopeType;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Absorbed MLA (what jseek runs, {@link PagedMlaAttention}) equals the naive decompressed attention of
 * ../shared/docs/deepseek-spec.md §2.4.3 (what Feb-2025 llama.cpp ran): {@code k_nope = W_kb c}, {@code v = W_vb c},
 * {@code softmax((q_nope·k_nope + q_pe·k_pe)·scale)·v}, computed here in double from the same latent cache, for the
 * legacy {@code attn_kv_b} and the split {@code attn_k_b/attn_v_b} forms; for one row (decode) and for a batch of
 * rows at different positions (whose up-projections run as one matMul per head).
 */
class MlaAttentionTest {
    static final int H = 3;
    static final int R = 32;
    static final int DN = 32;
    static final int DR = 8;
    static final int DV = 32;
    static final int POSITIONS = 7;
    static final float SCALE = 0.17f;
    /** Positions of the batch rows; the first alone is the decode case. */
    static final int[] ROW_POSITIONS = {POSITIONS - 1, 2, 4, 0};

    private final SplittableRandom random = new SplittableRandom(11);
    private final float[] kvB = randoms(H * (DN + DV) * R);   // [H*(Dn+Dv)][R]
    private final float[] q = randoms(ROW_POSITIONS.length * H * (DN + DR)); // [rows][H][Dn+Dr]
    private final float[] rows = randoms(POSITIONS * (R + DR)); // [t][R+Dr]

    @Test
    void absorbedEqualsNaiveForLegacyKvB() {
        assertMatchesNaive(layer(tensor(kvB), null, null));
    }

    @Test
    void absorbedEqualsNaiveForSplitKbVb() {
        assertMatchesNaive(splitLayer());
    }

    /** {@code kvB} split into {@code attn_k_b} ({@code W_kbᵀ} per head) and {@code attn_v_b}. */
    private Deepseek2Layer splitLayer() {
        float[] kb = new float[H * R * DN]; // [H][R][Dn]
        float[] vb = new float[H * DV * R]; // [H][Dv][R]
        for (int h = 0; h < H; h++) {
            for (int c = 0; c < R; c++) {
                for (int d = 0; d < DN; d++) {
                    kb[(h * R + c) * DN + d] = kvB[(h * (DN + DV) + d) * R + c];
                }
            }
            System.arraycopy(kvB, (h * (DN + DV) + DN) * R, vb, h * DV * R, DV * R);
        }
        return layer(null, tensor(kb), tensor(vb));
    }

    /**
     * Heads attended in groups (2 + 1 with one thread, one by one with two) give the same bits: scores and weighted
     * latents do not depend on which queries share a kernel call.
     */
    @Test
    void groupingHeadsChangesNoBits() {
        for (Deepseek2Layer layer : new Deepseek2Layer[] {layer(tensor(kvB), null, null), splitLayer()}) {
            for (int n : new int[] {1, ROW_POSITIONS.length}) {
                assertArrayEquals(attend(layer, 2, n), attend(layer, 1, n), n + " rows");
            }
        }
    }

    /** {@link PagedMlaAttention} of the first {@code n} batch rows on a pool of {@code threads}. */
    private float[] attend(Deepseek2Layer layer, int threads, int n) {
        HeapKvPages kv = new HeapKvPages(POSITIONS, 1, new int[] {R + DR}, KvCacheType.F32);
        for (int t = 0; t < POSITIONS; t++) {
            kv.write(0, kv.offset(0, 0, t), 0, rows, t * (R + DR), R + DR);
        }
        MlaHeads heads = new MlaHeads(config(), new Deepseek2Layer[] {layer});
        Batch batch = new Batch(n, n, 1);
        for (int row = 0; row < n; row++) {
            batch.add(0, ROW_POSITIONS[row], new int[] {0}, false);
        }
        float[] out = new float[n * H * DV];
        try (ComputePool pool = new ComputePool(threads)) {
            new PagedMlaAttention(config(), threads, n, POSITIONS, KvCacheType.F32)
                    .attend(pool, layer, heads, batch, kv, 0, q.clone(), out);
        }
        return out;
    }

    private void assertMatchesNaive(Deepseek2Layer layer) {
        for (int n : new int[] {1, ROW_POSITIONS.length}) {
            float[] out = attend(layer, 2, n);
            for (int row = 0; row < n; row++) {
                double[] expected = naive(row, ROW_POSITIONS[row] + 1);
                for (int i = 0; i < H * DV; i++) {
                    float actual = out[row * H * DV + i];
                    assertEquals(expected[i], actual, 1e-5 * (1 + Math.abs(expected[i])),
                            n + " rows, row " + row + ", output " + i);
                }
            }
        }
    }

    /** The decompressed form of batch row {@code row} over positions {@code 0 .. positions - 1}, in double. */
    private double[] naive(int row, int positions) {
        double[] out = new double[H * DV];
        int q0 = row * H * (DN + DR);
        for (int h = 0; h < H; h++) {
            double[] scores = new double[positions];
            double[][] values = new double[positions][DV];
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < positions; t++) {
                int c = t * (R + DR);
                double s = 0;
                for (int d = 0; d < DN; d++) {
                    s += q[q0 + h * (DN + DR) + d] * dot(kvB, (h * (DN + DV) + d) * R, rows, c);
                }
                for (int i = 0; i < DR; i++) {
                    s += q[q0 + h * (DN + DR) + DN + i] * rows[c + R + i];
                }
                scores[t] = s * SCALE;
                max = Math.max(max, scores[t]);
                for (int j = 0; j < DV; j++) {
                    values[t][j] = dot(kvB, (h * (DN + DV) + DN + j) * R, rows, c);
                }
            }
            double sum = 0;
            for (int t = 0; t < positions; t++) {
                scores[t] = Math.exp(scores[t] - max);
                sum += scores[t];
            }
            for (int t = 0; t < positions; t++) {
                for (int j = 0; j < DV; j++) {
                    out[h * DV + j] += scores[t] / sum * values[t][j];
                }
            }
        }
        return out;
    }

    private static double dot(float[] w, int wOffset, float[] x, int xOffset) {
        double s = 0;
        for (int i = 0; i < R; i++) {
            s += (double) w[wOffset + i] * x[xOffset + i];
        }
        return s;
    }

    static Deepseek2Config config() {
        RopeConfig rope = RopeConfig.plain(RopeType.NORM, DR, 10000f);
        ModelConfig base = new ModelConfig("deepseek2", 64, 1, 10, 16, new int[] {H}, new int[] {H}, DN + DR, DV,
                new int[] {0}, 1e-6f, rope);
        return new Deepseek2Config(base, 0, R, DR, DN, DV, false, 2, 1, 1, 32, 1, 0f, false, ExpertGating.SOFTMAX, 0,
                0, 0f, new MlaAttentionScale(1f, SCALE), false);
    }

    static Deepseek2Layer layer(FloatTensor kvB, FloatTensor kB, FloatTensor vB) {
        return new Deepseek2Layer(null, null, null, null, null, null, null, kvB, kB, vB, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private float[] randoms(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return out;
    }

    private static FloatTensor tensor(float[] values) {
        return Tensors.of(GgmlType.F32, MemorySegment.ofArray(values), values.length);
    }
}
