package io.jseek.model.deepseek2;

import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.Tensors;

/**
 * The per-head blocks of every layer's MLA up-projection, as tensors of their own, so that
 * {@link PagedMlaAttention} can multiply one head's block with all rows of a batch in one
 * {@link FloatTensor#matMul} (which addresses a matrix from its first row). Built once per model: two small views
 * per head and layer, over the mapped file (as {@link BatchedMoe} does for experts).
 * <ul>
 *   <li>{@code kB[l][h]}: {@code W_kb[h]ᵀ}, {@code R x Dn} (split {@code attn_k_b} only: the legacy
 *       {@code attn_kv_b} holds {@code W_kb[h]} untransposed, which the absorption reads row by row instead);</li>
 *   <li>{@code vB[l][h]}: {@code W_vb[h]}, {@code Dv x R} ({@code attn_v_b}, or the value rows of
 *       {@code attn_kv_b}).</li>
 * </ul>
 */
final class MlaHeads {
    private final FloatTensor[][] kB; // [layer][head] [R][Dn], null for legacy files
    private final FloatTensor[][] vB; // [layer][head] [Dv][R]

    MlaHeads(Deepseek2Config c, Deepseek2Layer[] layers) {
        int heads = c.heads();
        long r = c.kvLoraRank();
        long nope = c.nopeDim();
        long dv = c.valueDim();
        kB = new FloatTensor[layers.length][];
        vB = new FloatTensor[layers.length][heads];
        for (int l = 0; l < layers.length; l++) {
            Deepseek2Layer w = layers[l];
            if (w.wkB() != null) {
                kB[l] = new FloatTensor[heads];
                for (int h = 0; h < heads; h++) {
                    kB[l][h] = slice(w.wkB(), h * r * nope, r * nope);
                    vB[l][h] = slice(w.wvB(), h * dv * r, dv * r);
                }
            } else {
                for (int h = 0; h < heads; h++) {
                    vB[l][h] = slice(w.wkvB(), (h * (nope + dv) + nope) * r, dv * r);
                }
            }
        }
    }

    /** Elements {@code [from, from + n)} of {@code t} as a tensor; both multiples of its block size. */
    private static FloatTensor slice(FloatTensor t, long from, long n) {
        return Tensors.of(t.type(), t.segment().asSlice(t.type().byteSize(from), t.type().byteSize(n)), n);
    }

    /** {@code W_kb[h]ᵀ} of layer {@code l} ({@code R x Dn}); null for legacy {@code attn_kv_b} files. */
    FloatTensor kB(int l, int h) {
        return kB[l] == null ? null : kB[l][h];
    }

    /** {@code W_vb[h]} of layer {@code l} ({@code Dv x R}). */
    FloatTensor vB(int l, int h) {
        return vB[l][h];
    }
}
