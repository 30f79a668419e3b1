package io.jseek.model.deepseek2;

import io.jseek.model.ComputePool;
import io.jseek.model.KvCache;
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
        pool.forRange(heads, 1, this);
        this.w = null;
        this.cacheRows = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int fromHead, int toHead) {
        for (int h = fromHead; h < toHead; h++) {
            absorbQuery(h);
            Attention.attendHead(qAbs, h * width, cacheRows, width, 0, cacheRows, width, 0, width, rank,
                    positions, kqScale, scores, h * contextLength, u, h * rank);
            expandValue(h);
        }
    }

    /** {@code qAbs[h] = [W_kb[h]ᵀ q_nope[h] ‖ q_pe[h]]}. */
    private void absorbQuery(int h) {
        int qh = h * (nope + ropeDim);
        int dst = h * width;
        if (w.wkB() != null) {
            long base = (long) h * rank * nope;
            for (int c = 0; c < rank; c++) {
                qAbs[dst + c] = w.wkB().dot(base + (long) c * nope, q, qh, nope);
            }
        } else {
            java.util.Arrays.fill(qAbs, dst, dst + rank, 0f);
            long base = (long) h * (nope + valueDim) * rank;
            for (int d = 0; d < nope; d++) {
                w.wkvB().dequantize(base + (long) d * rank, rows, h * rank, rank);
                float qd = q[qh + d];
                for (int c = 0; c < rank; c++) {
                    qAbs[dst + c] += qd * rows[h * rank + c];
                }
            }
        }
        System.arraycopy(q, qh + nope, qAbs, dst + rank, ropeDim);
    }

    /** {@code out[h] = W_vb[h] · u[h]}. */
    private void expandValue(int h) {
        boolean split = w.wvB() != null;
        long base = split ? (long) h * valueDim * rank : ((long) h * (nope + valueDim) + nope) * rank;
        for (int j = 0; j < valueDim; j++) {
            long row = base + (long) j * rank;
            out[h * valueDim + j] = split ? w.wvB().dot(row, u, h * rank, rank) : w.wkvB().dot(row, u, h * rank, rank);
        }
    }
}
