package io.jseek.model.deepseek2;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvCacheType;
import io.jseek.model.KvPages;
import io.jseek.model.ops.ActivationPrecision;
import io.jseek.model.ops.AttentionJobs;
import io.jseek.model.ops.PagedAttention;
import io.jseek.tensor.AttentionKernel;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import io.jseek.tensor.VectorWidth;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Multi-head latent attention in the ABSORBED form (../shared/docs/deepseek-spec.md §2.4.4; llama.cpp PR #12801) for
 * the rows of a batch, over the paged latent cache: per position and layer one row {@code [c ‖ k_pe]} of {@code R + Dr}
 * floats, the normalized kv latent and the rotated shared rope key. Per head {@code h}, with {@code W_kb[h], W_vb[h]}
 * the {@code Dn x R} and {@code Dv x R} blocks of the kv up-projection:
 * <pre>
 *   Q[h]  = [ W_kb[h]ᵀ · q_nope[h]  ‖  q_pe[h] ]                  // [R + Dr]
 *   u[h]  = softmax_t( Q[h] · K_t · kqScale ) · c_t                // [R], K_t = cache row t, c_t its first R floats
 *   o[h]  = W_vb[h] · u[h]                                         // [Dv]
 * </pre>
 * This equals the naive form {@code softmax(q·k) v} with {@code k_nope = W_kb c}, {@code v = W_vb c}, because
 * {@code q_nope · (W_kb c) = (W_kbᵀ q_nope) · c}. Both GGUF forms are handled: split {@code attn_k_b {Dn, R, H}} is
 * {@code W_kbᵀ} row-major (a plain matMul); legacy {@code attn_kv_b {R, H·(Dn+Dv)}} holds {@code W_kb} rows, which
 * the absorption dequantizes (below).
 *
 * <p>Scheduling: one dispatch per layer; the heads are split into two groups per thread (at most {@value #MAX_GROUP}
 * heads), one job per group: two rather than one, so that a thread the OS deschedules mid-layer leaves the others
 * half a job to wait for, not a whole one. A job takes the batch rows in tiles of at most {@value #TILE_QUERIES}
 * queries (rows x the group's heads, at most {@value #TILE} rows): it absorbs each head's queries of the tile with one matMul of
 * {@code W_kb[h]ᵀ}, attends all the group's heads of the tile's rows together over their sequences' positions (rows of
 * one sequence together, up to {@value #MAX_ROWS} per {@link PagedAttention} tile), so each cached latent block is
 * loaded once for every head of the group and row rather than once per head (all the heads share the latent: in
 * decode the cache is read once per group instead of once per head), and expands each head's latents with one matMul
 * of {@code W_vb[h]}. So each up-projection weight is read once per tile rather than once per token, and a job's
 * scratch (one tile) grows neither with the batch nor with the heads. Legacy files have no {@code W_kb[h]ᵀ}: the job
 * dequantizes {@code W_kb[h]} once per tile, transposed, into an F32 matrix of its own and multiplies with that. A
 * single row (decode) computes exactly what the per-token dots did: the split dots, or for legacy files the
 * dequantized rows accumulated in order. How heads are grouped changes no bits: a score and a weighted latent do not
 * depend on which queries share a kernel call ({@link io.jseek.tensor.AttentionKernel}).
 */
final class PagedMlaAttention extends AttentionJobs {
    /** Rows absorbed and expanded per weight pass at most. */
    static final int TILE = 64;
    /** Queries (rows x heads) per tile at most: a job's scratch is sized by it. */
    private static final int TILE_QUERIES = 512;
    /** Heads attended together at most. */
    private static final int MAX_GROUP = 16;
    /** Score floats per job that bound the rows attended together (1 MB), beyond one row. */
    private static final int SCORE_BUDGET = 1 << 18;
    /** Rows attended together at most: they share each cached latent block as it is loaded. */
    private static final int MAX_ROWS = 16;

    private final int heads;
    private final int rank;     // R
    private final int nope;     // Dn
    private final int ropeDim;  // Dr
    private final int valueDim; // Dv
    private final int width;    // R + Dr: one cache row, one absorbed query head
    private final float kqScale;
    private final int group;    // heads per job
    private final int slots;    // jobs: one per group
    private final int tile;     // rows per tile
    private final int maxContext;
    private final KvCacheType cacheType;
    private final float[][] qAbs;   // [slots][tile, group, R + Dr] absorbed queries of the group's tile
    private final float[][] u;      // [slots][tile, group, R] attention-weighted latents
    private final float[][] io;     // [slots][tile, max(Dn, Dv)] gathered q_nope, then the expanded values
    private final float[][] head;   // [slots][tile, R] one head's absorbed queries or latents, back to back
    private final PagedAttention[] attention; // [slots] with the score rows of one attention tile
    private final float[][] rows;   // [slots][R] one dequantized kv_b row (legacy files)
    private final float[][] kbT;    // [slots][R, Dn] W_kb[h]ᵀ dequantized (legacy files, tiles of several rows)
    private final FloatTensor[] kbTensor; // [slots] kbT[slot] as an F32 matrix
    private Deepseek2Layer w;
    private MlaHeads projections;

    /** Scratch for batches of up to {@code maxTokens} rows (tiles of {@code min(maxTokens, TILE)}). */
    PagedMlaAttention(Deepseek2Config c, int threads, int maxTokens, int maxContext, KvCacheType cacheType) {
        this.cacheType = cacheType;
        this.heads = c.heads();
        this.rank = c.kvLoraRank();
        this.nope = c.nopeDim();
        this.ropeDim = c.ropeDim();
        this.valueDim = c.valueDim();
        this.width = rank + ropeDim;
        this.kqScale = c.attentionScale().kqScale();
        this.group = Math.min(MAX_GROUP, Math.ceilDiv(heads, Math.clamp(2L * threads, 1, heads)));
        this.slots = Math.ceilDiv(heads, group);
        this.maxContext = maxContext;
        this.tile = Math.max(1, Math.min(Math.min(TILE, maxTokens), TILE_QUERIES / group));
        this.qAbs = new float[slots][tile * group * width];
        this.u = new float[slots][tile * group * rank];
        this.io = new float[slots][tile * Math.max(nope, valueDim)];
        this.head = new float[slots][tile * rank];
        AttentionKernel kernel = AttentionKernel.of(VectorWidth.DEFAULT);
        int attendRows = PagedAttention.rowsFor(group, maxContext, SCORE_BUDGET, Math.min(MAX_ROWS, tile));
        this.attention = new PagedAttention[slots];
        for (int slot = 0; slot < slots; slot++) {
            attention[slot] = new PagedAttention(kernel, attendRows * group, maxContext);
        }
        this.rows = new float[slots][rank];
        boolean transpose = !c.splitMla() && tile > 1;
        this.kbT = new float[transpose ? slots : 0][rank * nope];
        this.kbTensor = new FloatTensor[kbT.length];
        for (int slot = 0; slot < kbT.length; slot++) {
            kbTensor[slot] = Tensors.of(GgmlType.F32, MemorySegment.ofArray(kbT[slot]), (long) rank * nope);
        }
    }

    /** Attends {@code q [rows, H * (Dn + Dr)]} (rope parts rotated) into {@code out [rows, H * Dv]}. */
    void attend(ComputePool pool, Deepseek2Layer w, MlaHeads projections, Batch batch, KvPages kv, int layer,
                float[] q, float[] out) {
        for (int row = 0; row < batch.rows(); row++) {
            if (batch.position(row) >= maxContext) {
                throw new IllegalArgumentException("position " + batch.position(row) + " exceeds the context "
                        + maxContext);
            }
        }
        this.w = w;
        this.projections = projections;
        try {
            dispatch(pool, slots, batch, kv, layer, q, out);
        } finally {
            this.w = null;
            this.projections = null;
        }
    }

    /** Heads {@code [slot * group, ..)} for all the batch rows, tile by tile. */
    @Override
    protected void job(int slot) {
        int h0 = slot * group;
        int g = Math.min(group, heads - h0);
        for (int t0 = 0; t0 < batch.rows(); t0 += tile) {
            int n = Math.min(tile, batch.rows() - t0);
            for (int i = 0; i < g; i++) {
                absorb(slot, h0 + i, i, g, t0, n);
            }
            attendTile(slot, g, t0, n);
            for (int i = 0; i < g; i++) {
                expand(slot, h0 + i, i, g, t0, n);
            }
        }
    }

    /** Offset of head {@code h} of batch row {@code row} in {@code q}. */
    private int queryOffset(int row, int h) {
        return (row * heads + h) * (nope + ropeDim);
    }

    /**
     * {@code qAbs[slot][t][i] = [W_kb[h]ᵀ q_nope ‖ q_pe]} of head {@code h}, the group's {@code i}-th of {@code g}, for
     * the tile's rows {@code t0 + t}, with
     * llama.cpp's rounding: split files run its absorbed graph, {@code mul_mat(k_b, q_nope)}, whose activation is
     * rounded to the weight's dot type; legacy files its naive graph, whose query meets the F16 cache unabsorbed.
     */
    private void absorb(int slot, int h, int i, int g, int t0, int n) {
        float[] qa = qAbs[slot];
        FloatTensor kB = projections.kB(layer, h);
        if (kB != null) {
            float[] x = io[slot]; // [n, Dn]
            for (int t = 0; t < n; t++) {
                System.arraycopy(q, queryOffset(t0 + t, h), x, t * nope, nope);
                ActivationPrecision.roundInPlace(kB.type(), x, t * nope, nope);
            }
            kB.matMul(x, nope, head[slot], rank, n, nope, 0, rank, VectorWidth.DEFAULT);
        } else {
            absorbRows(slot, h, t0, n);
        }
        for (int t = 0; t < n; t++) {
            int at = (t * g + i) * width;
            if (kB != null || n > 1) {
                System.arraycopy(head[slot], t * rank, qa, at, rank);
            } else {
                accumulateRows(qa, at, slot, h, queryOffset(t0, h));
            }
            System.arraycopy(q, queryOffset(t0 + t, h) + nope, qa, at + rank, ropeDim);
        }
    }

    /**
     * Legacy {@code attn_kv_b}: rounds the tile's queries of head {@code h} to the cache type, and for a tile of
     * several rows sets {@code head[slot][t] = W_kb[h]ᵀ q_nope[t]} with {@code W_kb[h]ᵀ} dequantized once (one row
     * is accumulated in place instead: {@link #accumulateRows}).
     */
    private void absorbRows(int slot, int h, int t0, int n) {
        for (int t = 0; t < n; t++) {
            cacheType.roundQuery(q, queryOffset(t0 + t, h), nope + ropeDim);
        }
        if (n == 1) {
            return;
        }
        float[] wt = kbT[slot];
        float[] row = rows[slot];
        long base = (long) h * (nope + valueDim) * rank;
        for (int d = 0; d < nope; d++) {
            w.wkvB().dequantize(base + (long) d * rank, row, 0, rank);
            for (int c = 0; c < rank; c++) {
                wt[c * nope + d] = row[c];
            }
        }
        float[] x = io[slot]; // [n, Dn]
        for (int t = 0; t < n; t++) {
            System.arraycopy(q, queryOffset(t0 + t, h), x, t * nope, nope);
        }
        kbTensor[slot].matMul(x, nope, head[slot], rank, n, nope, 0, rank, VectorWidth.DEFAULT);
    }

    /** {@code qa[at .. at + R) = Σ_d q[qh + d] · W_kb[h][d]}, summed row after row (the per-token dots' bits). */
    private void accumulateRows(float[] qa, int at, int slot, int h, int qh) {
        Arrays.fill(qa, at, at + rank, 0f);
        long base = (long) h * (nope + valueDim) * rank;
        w.wkvB().accumulateRows(base, nope, rank, q, qh, qa, at, rows[slot], VectorWidth.DEFAULT);
    }

    /**
     * {@code u[slot][t][i]} for the tile's rows {@code t0 + t} and the group's {@code g} heads: over positions
     * {@code 0..pos} of each row's sequence, rows of one sequence and all the heads attended together.
     */
    private void attendTile(int slot, int g, int t0, int n) {
        boolean split = w.wkB() != null;
        PagedAttention.Shape shape = new PagedAttention.Shape(width, rank, kqScale, cacheType, split);
        PagedAttention a = attention[slot];
        for (int t = 0, end; t < n; t = end) {
            end = PagedAttention.tileEnd(batch, t0 + t, t0 + n, a.maxRows(g)) - t0;
            a.attend(shape, kv, layer, batch.table(t0 + t), 0, 0, qAbs[slot], t * g * width, g * width, g,
                    batch.position(t0 + t), end - t, u[slot], t * g * rank, g * rank);
        }
        for (int t = 0; t < n * g && split; t++) { // mul_mat(v_b, u) rounds each row of u to the weight's dot type
            ActivationPrecision.roundInPlace(w.wvB().type(), u[slot], t * rank, rank);
        }
    }

    /** {@code out[t0 + t][h] = W_vb[h] · u[slot][t][i]} for the tile, {@code h} the group's {@code i}-th of {@code g}. */
    private void expand(int slot, int h, int i, int g, int t0, int n) {
        float[] y = io[slot]; // [n, Dv]
        float[] x = head[slot]; // [n, R]
        for (int t = 0; t < n; t++) {
            System.arraycopy(u[slot], (t * g + i) * rank, x, t * rank, rank);
        }
        projections.vB(layer, h).matMul(x, rank, y, valueDim, n, rank, 0, valueDim, VectorWidth.DEFAULT);
        for (int t = 0; t < n; t++) {
            System.arraycopy(y, t * valueDim, out, ((t0 + t) * heads + h) * valueDim, valueDim);
        }
    }
}
