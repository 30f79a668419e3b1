package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K: super-blocks of 256 as {@code {u8 ql[128]; u8 qh[64]; int8 scales[16]; f16 d}}; two halves of 128, each
 * element a nibble of {@code ql} plus two bits of {@code qh}, minus 32; {@code y = (d*sc) * q}. Vectorised.
 */
public final class Q6KTensor extends FloatTensor {
    static final int QK = 256;

    Q6KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /** The signed 6-bit value of element {@code j} (0..255) of the block at {@code bo}, and its scale index. */
    private int q6(long bo, int j) {
        int half = j / 128;
        int r = j % 128;
        int quarter = r / 32;
        int l = r % 32;
        int ql = Mem.u8(data, bo + 64 * half + l + 32 * (quarter & 1));
        int nib = quarter < 2 ? ql & 0xF : ql >>> 4;
        int qh = (Mem.u8(data, bo + 128 + 32 * half + l) >>> (2 * quarter)) & 3;
        return (nib | qh << 4) - 32;
    }

    private static int scaleIndex(int j) {
        return 8 * (j / 128) + (j % 32) / 16 + 2 * ((j % 128) / 32);
    }

    @Override
    public float getFloat(long index) {
        long bo = blockBytes(index / QK);
        int j = (int) (index % QK);
        return Mem.f16(data, bo + 208) * Mem.i8(data, bo + 192 + scaleIndex(j)) * q6(bo, j);
    }

    @Override
    void dequantizeBlock(long block, float[] out, int outOffset) {
        long bo = blockBytes(block);
        float d = Mem.f16(data, bo + 208);
        for (int j = 0; j < QK; j++) {
            out[outOffset + j] = d * Mem.i8(data, bo + 192 + scaleIndex(j)) * q6(bo, j);
        }
    }

    @Override
    public float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / QK;
        float sum = 0f;
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            float d = Mem.f16(data, bo + 208);
            int xb = xOffset + b * QK;
            for (int g = 0; g < 16; g++) {
                float s = 0f;
                int j0 = groupStart(g);
                for (int l = 0; l < 16; l++) {
                    s += q6(bo, j0 + l) * x[xb + j0 + l];
                }
                sum += d * Mem.i8(data, bo + 192 + scaleIndex(j0)) * s;
            }
        }
        return sum;
    }

    /** First element of the 16-element group {@code g}, in the order of the scale bytes. */
    private static int groupStart(int g) {
        return 128 * (g / 8) + 32 * ((g % 8) / 2) + 16 * (g % 2);
    }

    @Override
    float dotVector(long offset, float[] x, int xOffset, int n, VectorWidth w) {
        return switch (w.bits()) {
            case 128 -> vectorDot(offset, x, xOffset, n, VectorWidth.W128);
            case 256 -> vectorDot(offset, x, xOffset, n, VectorWidth.W256);
            default -> vectorDot(offset, x, xOffset, n, VectorWidth.W512);
        };
    }

    /** The kernel; {@code w} is a constant at each call site so that the JIT specialises it per width. */
    private float vectorDot(long offset, float[] x, int xOffset, int n, VectorWidth w) {
        long b0 = offset / QK;
        FloatVector acc = FloatVector.zero(w.floats());
        for (int b = 0; b < n / QK; b++) {
            long bo = blockBytes(b0 + b);
            float d = Mem.f16(data, bo + 208);
            for (int half = 0; half < 2; half++) {
                for (int l = 0; l < 32; l += w.bytes().length()) {
                    acc = vectorGroup(bo, half, l, d, x, xOffset + b * QK + 128 * half, acc, w);
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Elements l.. of the four quarters of a half, decoded from three byte loads (ql, ql+32, qh). */
    private FloatVector vectorGroup(long bo, int half, int l, float d, float[] x, int xh, FloatVector acc,
                                    VectorWidth w) {
        VectorSpecies<Float> s = w.floats();
        VectorSpecies<Byte> bs = w.bytes();
        long ql = bo + 64 * half + l;
        long sc = bo + 192 + 8 * half + l / 16;
        ByteVector a = ByteVector.fromMemorySegment(bs, data, ql, ByteOrder.LITTLE_ENDIAN);
        ByteVector c = ByteVector.fromMemorySegment(bs, data, ql + 32, ByteOrder.LITTLE_ENDIAN);
        ByteVector h = ByteVector.fromMemorySegment(bs, data, bo + 128 + 32 * half + l, ByteOrder.LITTLE_ENDIAN);
        ByteVector q1 = a.and((byte) 0xF).or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4));
        ByteVector q2 = c.and((byte) 0xF).or(h.and((byte) 0x0C).lanewise(VectorOperators.LSHL, 2));
        ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(h.and((byte) 0x30));
        ByteVector q4 = c.lanewise(VectorOperators.LSHR, 4).or(h.and((byte) 0xC0).lanewise(VectorOperators.LSHR, 2));
        acc = vectorQuarter(q1, d * Mem.i8(data, sc), x, xh + l, acc, w);
        acc = vectorQuarter(q2, d * Mem.i8(data, sc + 2), x, xh + l + 32, acc, w);
        acc = vectorQuarter(q3, d * Mem.i8(data, sc + 4), x, xh + l + 64, acc, w);
        return vectorQuarter(q4, d * Mem.i8(data, sc + 6), x, xh + l + 96, acc, w);
    }

    /** {@code acc += (q - 32) * scale * x[xj..]} for unsigned 6-bit {@code q}, one float vector per part. */
    private static FloatVector vectorQuarter(ByteVector q, float scale, float[] x, int xj, FloatVector acc,
                                             VectorWidth w) {
        VectorSpecies<Float> s = w.floats();
        for (int p = 0; p < w.bytes().length() / s.length(); p++) {
            FloatVector wv = ((FloatVector) q.convertShape(VectorOperators.B2F, s, p)).sub(32f).mul(scale);
            acc = wv.fma(FloatVector.fromArray(s, x, xj + p * s.length()), acc);
        }
        return acc;
    }
}
