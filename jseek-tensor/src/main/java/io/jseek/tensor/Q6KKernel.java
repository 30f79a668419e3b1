package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K kernels ({@code {u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d}}), specialised per width by
 * {@link Specializer}. Each half of 128 is four quarters of 32 that share byte loads: for lanes {@code l..}, the
 * quarters take the low nibbles of {@code ql[l]}, of {@code ql[l+32]}, then the high nibbles of both, each with two
 * bits of {@code qh[l]} on top; the 6-bit values are re-centred ({@code q - 32}) on bytes. A byte load covers at
 * most 16 lanes, so one load never straddles two scales. Each quarter has its own accumulator (four FMA chains).
 *
 * <p>Cost notes: the sixteen scales {@code d*sc} of a block are converted with one vector op into a small float
 * per-thread buffer, from which each use is a broadcast load. Shifts run on 16-bit lanes and are masked on
 * bytes (x86 has no byte shift; the mask drops the bits that cross from the neighbouring byte). Byte loads are the
 * narrow {@link VectorWidth#bytes} species, so each feeds whole float vectors (a {@code convertShape} part other
 * than 0 costs a shuffle). No helper returns a vector and no call stays in the loops: a call that C2 does not
 * inline spills the accumulators, and a vector returned from one is boxed (measured: 4-30x slower).
 */
final class Q6KKernel implements RowKernel {
    private static final VectorWidth W = Specializer.width(MethodHandles.lookup());
    private static final VectorSpecies<Float> F = W.floats();
    private static final LaneSum SUM = LaneSum.of(F);
    // SUM's rotations as constants of this class, for the fold written out at the end of dot
    private static final VectorShuffle<Float> BY8 = SUM.by8();
    private static final VectorShuffle<Float> BY4 = SUM.by4();
    private static final VectorShuffle<Float> BY2 = SUM.by2();
    private static final VectorShuffle<Float> BY1 = SUM.by1();
    private static final VectorSpecies<Byte> B = W.bytes();
    private static final VectorSpecies<Byte> B16 = VectorSpecies.of(byte.class, VectorShape.S_128_BIT);
    private static final int L = F.length();
    private static final int PARTS = B.length() / L;
    private static final int QK = 256;
    private static final int BYTES = 210;
    /** The block's sixteen scales {@code d*sc}, per thread: allocating them per row was 80 bytes of garbage a row. */
    private static final ThreadLocal<float[]> SCALES = ThreadLocal.withInitial(() -> new float[16]);

    @Override
    public float dot(MemorySegment data, long offset, float[] x, int xOffset, int n) {
        long bo = offset / QK * BYTES;
        float[] scales = SCALES.get();
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = acc1;
        FloatVector acc3 = acc1;
        FloatVector acc4 = acc1;
        for (int xb = xOffset; xb < xOffset + n; xb += QK, bo += BYTES) {
            ByteVector sb = ByteVector.fromMemorySegment(B16, data, bo + 192, ByteOrder.LITTLE_ENDIAN);
            float d = Mem.f16(data, bo + 208);
            for (int p = 0; p < 16 / L; p++) {
                ((FloatVector) sb.convertShape(VectorOperators.B2F, F, p)).mul(d).intoArray(scales, p * L);
            }
            for (int half = 0; half < 2; half++) {
                long ql = bo + 64 * half;
                long qh = bo + 128 + 32 * half;
                int s = 8 * half;
                int xh = xb + 128 * half;
                for (int l = 0; l < 32; l += B.length()) {
                    ByteVector a = ByteVector.fromMemorySegment(B, data, ql + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector c = ByteVector.fromMemorySegment(B, data, ql + l + 32, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h = ByteVector.fromMemorySegment(B, data, qh + l, ByteOrder.LITTLE_ENDIAN);
                    ShortVector hs = h.reinterpretAsShorts();
                    ByteVector h4 = hs.lanewise(VectorOperators.LSHL, 4).reinterpretAsBytes();
                    ByteVector h2 = hs.lanewise(VectorOperators.LSHL, 2).reinterpretAsBytes();
                    ByteVector hr = hs.lanewise(VectorOperators.LSHR, 2).reinterpretAsBytes();
                    ByteVector ar = a.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                    ByteVector cr = c.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                    ByteVector q1 = a.and((byte) 0x0F).or(h4.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q2 = c.and((byte) 0x0F).or(h2.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q3 = ar.and((byte) 0x0F).or(h.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q4 = cr.and((byte) 0x0F).or(hr.and((byte) 0x30)).sub((byte) 32);
                    for (int p = 0; p < PARTS; p++) {
                        int lp = l + p * L;
                        int sl = s + lp / 16;
                        acc1 = ((FloatVector) q1.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl])
                                .fma(FloatVector.fromArray(F, x, xh + lp), acc1);
                        acc2 = ((FloatVector) q2.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 2])
                                .fma(FloatVector.fromArray(F, x, xh + lp + 32), acc2);
                        acc3 = ((FloatVector) q3.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 4])
                                .fma(FloatVector.fromArray(F, x, xh + lp + 64), acc3);
                        acc4 = ((FloatVector) q4.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 6])
                                .fma(FloatVector.fromArray(F, x, xh + lp + 96), acc4);
                    }
                }
            }
        }
        // LaneSum.sum written out: this method is big enough that C2 stops inlining plain calls before its end
        // (NodeCountInliningCutoff), and a LaneSum.sum call boxed the vector, 96 bytes of garbage per row
        FloatVector v = acc1.add(acc2).add(acc3.add(acc4));
        v = BY8 == null ? v : v.add(v.rearrange(BY8));
        v = BY4 == null ? v : v.add(v.rearrange(BY4));
        v = BY2 == null ? v : v.add(v.rearrange(BY2));
        v = BY1 == null ? v : v.add(v.rearrange(BY1));
        return v.lane(0);
    }

    /** Exactly the scalar dequantization: {@code (d*sc) * (q - 32)}. */
    @Override
    public void decode(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        long bo = offset / QK * BYTES;
        float[] scales = SCALES.get();
        for (int o = outOffset; o < outOffset + n; o += QK, bo += BYTES) {
            ByteVector sb = ByteVector.fromMemorySegment(B16, data, bo + 192, ByteOrder.LITTLE_ENDIAN);
            float d = Mem.f16(data, bo + 208);
            for (int p = 0; p < 16 / L; p++) {
                ((FloatVector) sb.convertShape(VectorOperators.B2F, F, p)).mul(d).intoArray(scales, p * L);
            }
            for (int half = 0; half < 2; half++) {
                long ql = bo + 64 * half;
                long qh = bo + 128 + 32 * half;
                int s = 8 * half;
                int oh = o + 128 * half;
                for (int l = 0; l < 32; l += B.length()) {
                    ByteVector a = ByteVector.fromMemorySegment(B, data, ql + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector c = ByteVector.fromMemorySegment(B, data, ql + l + 32, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h = ByteVector.fromMemorySegment(B, data, qh + l, ByteOrder.LITTLE_ENDIAN);
                    ShortVector hs = h.reinterpretAsShorts();
                    ByteVector h4 = hs.lanewise(VectorOperators.LSHL, 4).reinterpretAsBytes();
                    ByteVector h2 = hs.lanewise(VectorOperators.LSHL, 2).reinterpretAsBytes();
                    ByteVector hr = hs.lanewise(VectorOperators.LSHR, 2).reinterpretAsBytes();
                    ByteVector ar = a.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                    ByteVector cr = c.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                    ByteVector q1 = a.and((byte) 0x0F).or(h4.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q2 = c.and((byte) 0x0F).or(h2.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q3 = ar.and((byte) 0x0F).or(h.and((byte) 0x30)).sub((byte) 32);
                    ByteVector q4 = cr.and((byte) 0x0F).or(hr.and((byte) 0x30)).sub((byte) 32);
                    for (int p = 0; p < PARTS; p++) {
                        int lp = l + p * L;
                        int sl = s + lp / 16;
                        ((FloatVector) q1.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl])
                                .intoArray(out, oh + lp);
                        ((FloatVector) q2.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 2])
                                .intoArray(out, oh + lp + 32);
                        ((FloatVector) q3.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 4])
                                .intoArray(out, oh + lp + 64);
                        ((FloatVector) q4.convertShape(VectorOperators.B2F, F, p)).mul(scales[sl + 6])
                                .intoArray(out, oh + lp + 96);
                    }
                }
            }
        }
    }
}
