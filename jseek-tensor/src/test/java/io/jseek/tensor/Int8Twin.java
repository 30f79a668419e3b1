package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The pure-Java twin of the native int8 kernels: the same integer partial sums (exact) and the same float
 * accumulation order (kernels_body.h's contract), written as plain loops over the block layouts
 * (../shared/docs/deepseek-spec.md §1.5), so that every instruction set's copy must give exactly these bits.
 */
final class Int8Twin {
    private Int8Twin() {
    }

    /** Row {@code r} of {@code w} ({@code cols} wide) times token {@code t} of {@code x}. */
    static float dot(FloatTensor w, int r, Q8Activations x, int t) {
        int cols = x.cols();
        MemorySegment data = w.segment();
        long row = r * w.type().byteSize(cols);
        return switch (w.type()) {
            case Q4_0, Q5_0, Q8_0 -> dot0(w.type(), data, row, x, t, cols);
            case Q4_K -> dotQ4K(data, row, x, t, cols);
            case Q6_K -> dotQ6K(data, row, x, t, cols);
            default -> throw new IllegalArgumentException("no int8 kernel for " + w.type());
        };
    }

    private static int weight0(GgmlType type, MemorySegment data, long bo, int j) {
        return switch (type) {
            case Q4_0 -> nibble(data, bo + 2, j) - 8;
            case Q5_0 -> (nibble(data, bo + 6, j) | ((Mem.i32(data, bo + 2) >>> j) & 1) << 4) - 16;
            default -> Mem.i8(data, bo + 2 + j);
        };
    }

    private static int nibble(MemorySegment data, long qs, int j) {
        int q = Mem.u8(data, qs + j % 16);
        return j < 16 ? q & 0xF : q >>> 4;
    }

    private static float dot0(GgmlType type, MemorySegment data, long row, Q8Activations x, int t, int cols) {
        int blocks = cols / 32;
        float acc = 0f;
        float first = 0f;
        for (int b = 0; b < blocks; b++) {
            long bo = row + (long) b * type.typeSize();
            int sum = 0;
            for (int j = 0; j < 32; j++) {
                sum += weight0(type, data, bo, j) * x.qs[t * cols + 32 * b + j];
            }
            float dd = Mem.f16(data, bo) * x.d[t * blocks + b];
            // blocks in pairs: acc + fma(second, first product); an odd last block fused into acc
            if (b % 2 == 1) {
                acc = acc + Math.fma(dd, (float) sum, first);
            } else if (b + 1 < blocks) {
                first = dd * (float) sum;
            } else {
                acc = Math.fma(dd, (float) sum, acc);
            }
        }
        return acc;
    }

    private static float dotQ4K(MemorySegment data, long row, Q8Activations x, int t, int cols) {
        float acc = 0f;
        float accm = 0f;
        for (int b = 0; b < cols / 256; b++) {
            long bo = row + b * 144L;
            int isum = 0;
            int msum = 0;
            for (int sub = 0; sub < 8; sub++) {
                int s = 0;
                for (int l = 0; l < 32; l++) {
                    int q = Mem.u8(data, bo + 16 + 32 * (sub / 2) + l);
                    s += (sub % 2 == 0 ? q & 0xF : q >>> 4) * x.qs[t * cols + 256 * b + 32 * sub + l];
                }
                isum += KScales.scaleK4(data, bo + 4, sub) * s;
                int bs = t * (cols / 16) + 16 * b + 2 * sub;
                msum += KScales.minK4(data, bo + 4, sub) * (x.bsums[bs] + x.bsums[bs + 1]);
            }
            float dx = x.d[t * (cols / 256) + b];
            acc = Math.fma(dx * Mem.f16(data, bo), (float) isum, acc);
            accm = Math.fma(dx * Mem.f16(data, bo + 2), (float) msum, accm);
        }
        return acc - accm;
    }

    private static float dotQ6K(MemorySegment data, long row, Q8Activations x, int t, int cols) {
        float acc = 0f;
        for (int b = 0; b < cols / 256; b++) {
            long bo = row + b * 210L;
            int isum = 0;
            for (int g = 0; g < 16; g++) {
                int s = 0;
                for (int l = 0; l < 16; l++) {
                    int j = 16 * g + l;
                    s += (q6(data, bo, j) - 32) * x.qs[t * cols + 256 * b + j];
                }
                isum += Mem.i8(data, bo + 192 + g) * s;
            }
            acc = Math.fma(x.d[t * (cols / 256) + b] * Mem.f16(data, bo + 208), (float) isum, acc);
        }
        return acc;
    }

    /** The 6-bit value of element {@code j} (0..255) of the Q6_K block at {@code bo}. */
    private static int q6(MemorySegment data, long bo, int j) {
        int half = j / 128;
        int k = (j % 128) / 32;
        int l = j % 32;
        int ql = Mem.u8(data, bo + 64 * half + 32 * (k % 2) + l);
        int low = k < 2 ? ql & 0xF : ql >>> 4;
        int high = (Mem.u8(data, bo + 128 + 32 * half + l) >>> (2 * k)) & 3;
        return low | high << 4;
    }
}
