package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 ({@code {f16 d; u8 qs[16]}}, {@code y = (q - 8) * d}) and Q5_0 ({@code {f16 d; u32 qh; u8 qs[16]}},
 * {@code y = (q - 16) * d}, bit j of {@code qh} bit 4 of element j) kernels, low nibbles elements 0..15; specialised
 * per width and format by {@link Specializer} ({@link #FIVE} is a constant of each copy, so Q4_0's has no trace of
 * the fifth bits). Bytes are zero-extended to int lanes first and the nibbles cut and re-centred there (x86 has no
 * byte shift; cutting on bytes first measured 1.2-2x slower), Q5_0's fifth bits ORed in through a lane mask straight
 * from {@code qh} ({@code VectorMask.fromLong}: one mask-register move on AVX-512), then made floats without a
 * conversion: ORed into the bits of 2^23, read as floats and re-centred by one float subtraction, which gives exactly
 * {@code q - centre} (one op fewer than subtract-then-convert; the AND and OR fuse into one ternary-logic op on
 * AVX-512). The dot sums a block unscaled and folds it in with one FMA by the scale into two alternating
 * accumulators.
 */
final class CenteredNibbleKernel implements RowKernel {
    private static final MethodHandles.Lookup COPY = MethodHandles.lookup();
    private static final VectorWidth W = Specializer.width(COPY);
    private static final boolean FIVE = Specializer.format(COPY) == GgmlType.Q5_0;
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final VectorSpecies<Integer> I = W.ints();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final long INT_LANES = (1L << I.length()) - 1;
    private static final int QK = 32;
    private static final int QS = FIVE ? 6 : 2;
    private static final int BYTES = QS + QK / 2;
    private static final int CENTRE = FIVE ? 16 : 8;
    /** The bits of 2^23: ORed into a value below 2^23, they give the float 2^23 + value exactly. */
    private static final int EXPONENT = 0x4B000000;
    /** {@code (2^23 + q) - BIAS} is {@code q - CENTRE}, exactly. */
    private static final float BIAS = 0x1p23f + CENTRE;

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            long qh = FIVE ? Mem.i32(data, bo + 2) & 0xFFFFFFFFL : 0;
            FloatVector sum = FloatVector.zero(F);
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + QS + j, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < PARTS; p++) {
                    IntVector qi = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                    int jp = j + p * L;
                    sum = centred(qi, false, qh, jp).fma(FloatVector.fromArray(F, x, xb + jp), sum);
                    sum = centred(qi, true, qh, jp).fma(FloatVector.fromArray(F, x, xb + jp + QK / 2), sum);
                }
            }
            FloatVector next = sum.fma(FloatVector.broadcast(F, Mem.f16(data, bo)), acc1);
            acc1 = acc0;
            acc0 = next;
        }
        return SUM.sum(acc0.add(acc1));
    }

    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            long qh = FIVE ? Mem.i32(data, bo + 2) & 0xFFFFFFFFL : 0;
            for (int j = 0; j < QK / 2; j += B.length()) {
                ByteVector q = ByteVector.fromMemorySegment(B, data, bo + QS + j, ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < PARTS; p++) {
                    IntVector qi = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                    int jp = j + p * L;
                    centred(qi, false, qh, jp).mul(d).intoArray(out, o + jp);
                    centred(qi, true, qh, jp).mul(d).intoArray(out, o + jp + QK / 2);
                }
            }
        }
    }

    /**
     * Fused: each block is decoded in registers as {@link #decode} does and added onto {@code out} at once, the rows
     * read in file order (no decoded row goes through memory); the products and sums are the default's, so are the
     * bits. Measured on the MLA absorption's shape (128 rows of 512, Q4_0): about 7x faster than decoding each row first.
     */
    @Override
    public void accumulate(MemorySegment data, long offset, int rows, int cols, float[] coef, int coefOffset,
                           float[] out, int outOffset, float[] scratch) {
        long bo = offset / QK * BYTES;
        for (int r = 0; r < rows; r++) {
            float c = coef[coefOffset + r];
            for (int o = outOffset; o < outOffset + cols; o += QK, bo += BYTES) {
                float d = Mem.f16(data, bo);
                long qh = FIVE ? Mem.i32(data, bo + 2) & 0xFFFFFFFFL : 0;
                for (int j = 0; j < QK / 2; j += B.length()) {
                    ByteVector q = ByteVector.fromMemorySegment(B, data, bo + QS + j, ByteOrder.LITTLE_ENDIAN);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector qi = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        int jp = j + p * L;
                        FloatVector.fromArray(F, out, o + jp).add(centred(qi, false, qh, jp).mul(d).mul(c))
                                .intoArray(out, o + jp);
                        FloatVector.fromArray(F, out, o + jp + QK / 2).add(centred(qi, true, qh, jp).mul(d).mul(c))
                                .intoArray(out, o + jp + QK / 2);
                    }
                }
            }
        }
    }

    /**
     * Elements {@code jp..} ({@code high} false: the low nibbles of {@code qi}) or {@code jp + 16..} (the high ones)
     * of a block, re-centred, as floats; Q5_0's fifth bits come from {@code qh}. Small enough that C2 inlines it into
     * both loops (a call left in them would spill the accumulators).
     */
    private static FloatVector centred(IntVector qi, boolean high, long qh, int jp) {
        IntVector q = high ? qi.lanewise(VectorOperators.LSHR, 4) : qi.and(0xF);
        if (FIVE) {
            long bits = qh >>> (high ? jp + QK / 2 : jp);
            q = q.lanewise(VectorOperators.OR, 16, VectorMask.fromLong(I, bits & INT_LANES));
        }
        return q.or(EXPONENT).reinterpretAsFloats().sub(BIAS);
    }
}
