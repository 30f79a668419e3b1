package io.jseek.tensor;

/** The weighted sum of attention values at one width (a {@link Specializer} copy of {@link F32AccumulateKernel}). */
interface AccumulateKernel {
    /**
     * For queries {@code i < queries}: {@code out_i[c] += Σ_j p_i[j] · v_j[c]} over keys {@code j < keys} in order,
     * one fused multiply-add per term; {@code p_i} at {@code p[pOffset + i * pStride]}, {@code v_j} at
     * {@code v[vOffset + j * vStride]}, {@code out_i} at {@code out[outOffset + i * dv]}.
     */
    void apply(float[] p, int pOffset, int pStride, int queries, float[] v, int vOffset, int vStride, int keys,
               int dv, float[] out, int outOffset);
}
