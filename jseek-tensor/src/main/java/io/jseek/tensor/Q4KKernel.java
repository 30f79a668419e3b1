package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_K kernels ({@code {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}}, chunk c of 64 = low then high nibbles of
 * {@code qs[32c..32c+31]}), specialised per width by {@link Specializer}.
 *
 * <p>The dot splits each sub-block j of 32 as {@code d*sc_j * Σ q x - dmin*m_j * Σ x}: the first sum runs unscaled on
 * vectors and is folded in with one FMA per sub-block (two chunks of 64 per step, low and high nibbles of each into
 * four accumulators: short FMA chains, 1.27x faster than one chunk per step); the second comes
 * from the {@link ActivationSums} and costs a few scalar operations per block (summed as a tree, not one chain). The
 * twelve packed scale bytes are unpacked once per block with three int loads (ggml's {@code utmp} masks) into eight
 * scale and eight min bytes, by hand in the loop: a call that C2 does not inline spills the vector accumulators, and
 * these helpers were not inlined. Bytes are zero-extended to int lanes once and both nibbles are cut there (an
 * {@code and} and a shift, which x86 lacks on bytes), then converted to float in place.
 */
final class Q4KKernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    // SUM's rotations as constants of this class, for the fold written out at the end of dot
    private static final VectorShuffle<Float> BY8 = SUM.by8();
    private static final VectorShuffle<Float> BY4 = SUM.by4();
    private static final VectorShuffle<Float> BY2 = SUM.by2();
    private static final VectorShuffle<Float> BY1 = SUM.by1();
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final VectorSpecies<Integer> I = W.ints();
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final int QK = 256;
    private static final int BYTES = 144;
    private static final int SUMS = QK / ActivationSums.GROUP;
    private static final int LOW6 = 0x3F3F3F3F;
    private static final int LOW4 = 0x0F0F0F0F;
    private static final int LOW2 = 0x03030303;

    @Override
    public boolean usesSums() {
        return true;
    }

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        return dot(data, offset, x, xOffset, n, ActivationSums.of(x, xOffset, n), 0);
    }

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n, float[] sums, int sumOffset) {
        long bo = offset / QK * BYTES;
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        float mins = 0f;
        for (int xb = xOffset, sb = sumOffset; xb < xOffset + n; xb += QK, sb += SUMS, bo += BYTES) {
            float d = Mem.f16(data, bo);
            int u0 = Mem.i32(data, bo + 4);
            int u1 = Mem.i32(data, bo + 8);
            int u2 = Mem.i32(data, bo + 12);
            long sc = (u0 & LOW6) & 0xFFFFFFFFL | (long) ((u2 & LOW4) | ((u0 >>> 6) & LOW2) << 4) << 32;
            long mn = (u1 & LOW6) & 0xFFFFFFFFL | (long) (((u2 >>> 4) & LOW4) | ((u1 >>> 6) & LOW2) << 4) << 32;
            float m01 = sub(mn, 0) * sums[sb] + sub(mn, 1) * sums[sb + 1];
            float m23 = sub(mn, 2) * sums[sb + 2] + sub(mn, 3) * sums[sb + 3];
            float m45 = sub(mn, 4) * sums[sb + 4] + sub(mn, 5) * sums[sb + 5];
            float m67 = sub(mn, 6) * sums[sb + 6] + sub(mn, 7) * sums[sb + 7];
            mins += Mem.f16(data, bo + 2) * ((m01 + m23) + (m45 + m67));
            for (int c = 0; c < 4; c += 2) {
                long qs = bo + 16 + 32 * c;
                int xc = xb + 64 * c;
                FloatVector lo0 = FloatVector.zero(F);
                FloatVector hi0 = lo0;
                FloatVector lo1 = lo0;
                FloatVector hi1 = lo0;
                for (int l = 0; l < 32; l += B.length()) {
                    ByteVector q0 = ByteVector.fromMemorySegment(B, data, qs + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector q1 = ByteVector.fromMemorySegment(B, data, qs + 32 + l, ByteOrder.LITTLE_ENDIAN);
                    for (int p = 0; p < PARTS; p++) {
                        IntVector qi0 = (IntVector) q0.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        IntVector qi1 = (IntVector) q1.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, p);
                        int xj = xc + l + p * L;
                        lo0 = ((FloatVector) qi0.and(0x0F).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(F, x, xj), lo0);
                        hi0 = ((FloatVector) qi0.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(F, x, xj + 32), hi0);
                        lo1 = ((FloatVector) qi1.and(0x0F).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(F, x, xj + 64), lo1);
                        hi1 = ((FloatVector) qi1.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(F, x, xj + 96), hi1);
                    }
                }
                acc0 = lo0.fma(FloatVector.broadcast(F, d * sub(sc, 2 * c)), acc0);
                acc1 = hi0.fma(FloatVector.broadcast(F, d * sub(sc, 2 * c + 1)), acc1);
                acc2 = lo1.fma(FloatVector.broadcast(F, d * sub(sc, 2 * c + 2)), acc2);
                acc3 = hi1.fma(FloatVector.broadcast(F, d * sub(sc, 2 * c + 3)), acc3);
            }
        }
        // LaneSum.sum written out: this method is big enough that C2 stops inlining plain calls before its end
        // (NodeCountInliningCutoff), and a LaneSum.sum call boxed the vector, 96 bytes of garbage per row
        FloatVector v = acc0.add(acc1).add(acc2.add(acc3));
        v = BY8 == null ? v : v.add(v.rearrange(BY8));
        v = BY4 == null ? v : v.add(v.rearrange(BY4));
        v = BY2 == null ? v : v.add(v.rearrange(BY2));
        v = BY1 == null ? v : v.add(v.rearrange(BY1));
        return v.lane(0) - mins;
    }

    /** Byte {@code j} of eight packed bytes. */
    private static int sub(long packed, int j) {
        return (int) (packed >>> (8 * j)) & 0xFF;
    }

    /** The eight 6-bit scales of the block at {@code bo}, byte j = sub-block j ({@link KScales#scaleK4}). */
    private static long scales(MemorySegment data, long bo) {
        int u0 = Mem.i32(data, bo + 4);
        int u2 = Mem.i32(data, bo + 12);
        return (u0 & LOW6) & 0xFFFFFFFFL | (long) ((u2 & LOW4) | ((u0 >>> 6) & LOW2) << 4) << 32;
    }

    /** The eight 6-bit mins of the block at {@code bo}, byte j = sub-block j (see {@link KScales#minK4}). */
    private static long mins(MemorySegment data, long bo) {
        int u1 = Mem.i32(data, bo + 8);
        int u2 = Mem.i32(data, bo + 12);
        return (u1 & LOW6) & 0xFFFFFFFFL | (long) (((u2 >>> 4) & LOW4) | ((u1 >>> 6) & LOW2) << 4) << 32;
    }

    /** Exactly the scalar dequantization: {@code (d*sc) * q - dmin*m}, multiply then subtract. */
    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            float d = Mem.f16(data, bo);
            float dmin = Mem.f16(data, bo + 2);
            long sc = scales(data, bo);
            long mn = mins(data, bo);
            for (int j = 0; j < 8; j++) {
                decodeSub(data, bo + 16 + 32 * (j / 2), (j & 1) != 0, d * sub(sc, j), dmin * sub(mn, j), out,
                        o + 32 * j);
            }
        }
    }

    private static void decodeSub(MemorySegment data, long qs, boolean high, float ds, float dm, float[] out, int o) {
        for (int l = 0; l < 32; l += B.length()) {
            ByteVector q = ByteVector.fromMemorySegment(B, data, qs + l, ByteOrder.LITTLE_ENDIAN);
            if (high) {
                q = q.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
            }
            q = q.and((byte) 0x0F);
            for (int p = 0; p < PARTS; p++) {
                ((FloatVector) q.convertShape(VectorOperators.B2F, F, p)).mul(ds).sub(dm).intoArray(out, o + l + p * L);
            }
        }
    }
}
