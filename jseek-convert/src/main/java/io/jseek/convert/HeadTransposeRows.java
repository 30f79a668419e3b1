package io.jseek.convert;

/**
 * MLA's {@code attn_k_b} cut from {@code kv_b_proj} (llama.cpp's converter since April 2025,
 * ../shared/docs/hf-checkpoints.md §3.6): viewing kv_b {@code [H·(nope+v), L]} as {@code [H, nope+v, L]}, k_b is the
 * first {@code nope} rows of each head transposed to {@code [H, L, nope]}. Row {@code (h, c)} is column c of head h's
 * nope rows; one head's block is read once and served for all its L rows.
 */
final class HeadTransposeRows implements RowSource {
    private final RowSource kvB;
    private final int heads;
    private final int nope;
    private final int perHead;
    private final int latent;
    private final float[][] block;
    private int cachedHead = -1;

    HeadTransposeRows(RowSource kvB, int heads, int nope, int perHead) {
        this.kvB = kvB;
        this.heads = heads;
        this.nope = nope;
        this.perHead = perHead;
        this.latent = kvB.rowLength();
        this.block = new float[nope][latent];
    }

    @Override
    public long rows() {
        return (long) heads * latent;
    }

    @Override
    public int rowLength() {
        return nope;
    }

    @Override
    public void row(long r, float[] dst) {
        int h = (int) (r / latent);
        int c = (int) (r % latent);
        if (h != cachedHead) {
            for (int d = 0; d < nope; d++) {
                kvB.row((long) h * perHead + d, block[d]);
            }
            cachedHead = h;
        }
        for (int d = 0; d < nope; d++) {
            dst[d] = block[d][c];
        }
    }
}
