package io.jseek.model.deepseek2;

import io.jseek.model.ComputePool;
import io.jseek.model.KvCache;
import io.jseek.model.ops.ActivationPrecision;
import io.jseek.model.ops.Attention;

/**
 * Multi-head latent attention in the ABSORBED form (spec §2.4.4; llama.cpp PR #12801), over a cache that holds per
 * position only {@code [c ‖ k_pe]}: the normalized kv latent ({@code R} floats) and the rotated shared rope key
 * ({@code Dr} floats). Per head {@code h}, with {@code W_kb[h], W_vb[h]} the {@code Dn x R} and {@code Dv x R} blocks
 * of the kv up-projection:
 * <pre>
 *   Q[h]  = [ W_kb[h]ᵀ · q_nope[h]  ‖  q_pe[h] ]                  // [R + Dr]
 *   u[h]  = softmax_t( Q[h] · K_t · kqScale ) · c_t                // [R], K_t = cache row t, c_t its first R floats
 *   o[h]  = W_vb[h] · u[h]                                         // [Dv]
 * </pre>
 * This equals the naive form {@code softmax(q·k) v} with {@code k_nope = W_kb c}, {@code v = W_vb c}, because
 * {@code q_nope · (W_kb c) = (W_kbᵀ q_nope) · c}. Both GGUF forms are handled: split {@code attn_k_b {Dn, R, H}} is
 * {@code W_kbᵀ} row-major (a plain mat-vec); legacy {@code attn_kv_b {R, H·(Dn+Dv)}} holds {@code W_kb} rows, so the
 * absorption accumulates dequantized rows instead. Heads run in parallel; every buffer is allocated once.
 */
public final class MlaAttention implements ComputePool.RangeTask {
    private final int heads;
    private final int rank;     // R
    private final int nope;     // Dn
    private final int ropeDim;  // Dr
    private final int valueDim; // Dv
    private final int width;    // R + Dr: one cache row, one absorbed query head
    private final int contextLength;
    private final float kqScale;
    private final float[] qAbs;   // [H][R + Dr] absorbed queries
    private final float[] scores; // [H][contextLength]
    private final float[] u;      // [H][R] attention-weighted latents
    private final float[] rows;   // [H][R] per-head scratch: one dequantized kv_b row
    private Deepseek2Layer w;
    private float[] cacheRows;
    private float[] q;
    private float[] out;
    private int positions;
    private boolean f16Cache;

    public MlaAttention(Deepseek2Config c, int contextLength) {
        this.heads = c.heads();
        this.rank = c.kvLoraRank();
        this.nope = c.nopeDim();
        this.ropeDim = c.ropeDim();
        this.valueDim = c.valueDim();
        this.width = rank + ropeDim;
        this.contextLength = contextLength;
        this.kqScale = c.attentionScale().kqScale();
        this.qAbs = new float[heads * width];
        this.scores = new float[heads * contextLength];
        this.u = new float[heads * rank];
        this.rows = new float[heads * rank];
    }

    /**
     * Attends the queries {@code q} ({@code [H][Dn + Dr]}, rope part already rotated) of the token at {@code pos}
     * over positions {@code 0..pos} of {@code cache} layer {@code layer}; writes {@code out} ({@code [H][Dv]}).
     */
    public void attend(ComputePool pool, Deepseek2Layer w, KvCache cache, int layer, float[] q, int pos,
                       float[] out) {
        if (cache.keyWidth(layer) != width || pos >= contextLength) {
            throw new IllegalArgumentException("cache row " + cache.keyWidth(layer) + " / position " + pos
                    + " do not fit this attention (row " + width + ", context " + contextLength + ")");
        }
        this.w = w;
        this.cacheRows = cache.keys(layer);
        this.q = q;
        this.out = out;
        this.positions = pos + 1;
        this.f16Cache = cache.roundsToF16();
        pool.forRange(heads, 1, this);
        this.w = null;
        this.cacheRows = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int fromHead, int toHead) {
        boolean split = w.wkB() != null;
        for (int h = fromHead; h < toHead; h++) {
            // llama.cpp's rounding (ActivationPrecision): split files run its absorbed graph, mul_mat(k_b, q_nope)
            // then Q·K and softmax·V against the F16 cache, then mul_mat(v_b, u); legacy files its naive graph,
            // whose query meets the F16 cache unabsorbed
            if (split) {
                ActivationPrecision.roundInPlace(w.wkB().type(), q, h * (nope + ropeDim), nope);
            } else if (f16Cache) {
                ActivationPrecision.roundForF16Cache(q, h * (nope + ropeDim), nope + ropeDim);
            }
            absorbQuery(w, h, rank, nope, ropeDim, valueDim, q, h * (nope + ropeDim), qAbs, h * width, rows,
                    h * rank);
            Attention.attendHead(qAbs, h * width, cacheRows, width, 0, cacheRows, width, 0, width, rank,
                    positions, kqScale, scores, h * contextLength, u, h * rank, split && f16Cache, f16Cache);
            if (split) {
                ActivationPrecision.roundInPlace(w.wvB().type(), u, h * rank, rank);
            }
            expandValue(w, h, rank, nope, valueDim, u, h * rank, out, h * valueDim);
        }
    }

    /**
     * {@code qAbs[dst ..] = [W_kb[h]ᵀ q_nope[h] ‖ q_pe[h]]} ({@code R + Dr} floats) for the query head at
     * {@code q[qh ..]}; {@code rows[rowsOffset ..]} is {@code R} floats of scratch (legacy {@code attn_kv_b} only).
     */
    static void absorbQuery(Deepseek2Layer w, int h, int rank, int nope, int ropeDim, int valueDim, float[] q, int qh,
                            float[] qAbs, int dst, float[] rows, int rowsOffset) {
        if (w.wkB() != null) {
            long base = (long) h * rank * nope;
            for (int c = 0; c < rank; c++) {
                qAbs[dst + c] = w.wkB().dot(base + (long) c * nope, q, qh, nope);
            }
        } else {
            java.util.Arrays.fill(qAbs, dst, dst + rank, 0f);
            long base = (long) h * (nope + valueDim) * rank;
            for (int d = 0; d < nope; d++) {
                w.wkvB().dequantize(base + (long) d * rank, rows, rowsOffset, rank);
                float qd = q[qh + d];
                for (int c = 0; c < rank; c++) {
                    qAbs[dst + c] += qd * rows[rowsOffset + c];
                }
            }
        }
        System.arraycopy(q, qh + nope, qAbs, dst + rank, ropeDim);
    }

    /** {@code out[outOffset ..] = W_vb[h] · u[uOffset ..]} ({@code Dv} floats). */
    static void expandValue(Deepseek2Layer w, int h, int rank, int nope, int valueDim, float[] u, int uOffset,
                            float[] out, int outOffset) {
        boolean split = w.wvB() != null;
        long base = split ? (long) h * valueDim * rank : ((long) h * (nope + valueDim) + nope) * rank;
        for (int j = 0; j < valueDim; j++) {
            long row = base + (long) j * rank;
            out[outOffset + j] = split ? w.wvB().dot(row, u, uOffset, rank) : w.wkvB().dot(row, u, uOffset, rank);
        }
    }
}
