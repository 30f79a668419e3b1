package io.jseek.tensor;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A batch of activation rows quantized to int8 blocks, the operand of the native int8 kernels
 * ({@link FloatTensor#matMul(Q8Activations, float[], int, int, int, int)}), in one of ggml's two dot formats:
 * <ul>
 *   <li>{@link GgmlType#Q8_0} (for Q4_0, Q5_0, Q8_0 weights): blocks of 32, {@code d = f16(amax/127)},
 *       {@code q = rint(x * 127/amax)}, as ggml's x86 {@code quantize_row_q8_0}, and the sum of each block's
 *       {@code q};</li>
 *   <li>{@link GgmlType#Q8_K} (for K-quants): blocks of 256, {@code iscale = -127/max} with {@code max} the signed
 *       value of largest magnitude, {@code q = min(127, rint(iscale * x))}, {@code d = 1/iscale} in f32, and the sums
 *       of each 16 quantized values, as {@code quantize_row_q8_K_ref}.</li>
 * </ul>
 * {@code q * d} are exactly the values the Java path's activation rounding produces ({@link #round}), so both paths
 * multiply the same numbers and differ only in summation order.
 *
 * <p>A reusable buffer that grows to the largest batch seen; quantize on one thread, then let any number of workers
 * read it.
 */
public final class Q8Activations {
    // 8 lanes: a divisor of both block sizes and of the 16-value sums; the results do not depend on the width
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int L = F.length();
    private static final float MAGIC = 12582912f;
    private final GgmlType format;
    private final int block;
    byte[] qs = new byte[0]; // [tokens, cols]
    float[] d = new float[0]; // [tokens, cols / block]
    short[] bsums = new short[0]; // [tokens, cols / SUM] sums of SUM quantized values (32 for Q8_0, 16 for Q8_K)
    private int tokens;
    private int cols;

    /** An empty buffer for {@code format}, {@link GgmlType#Q8_0} or {@link GgmlType#Q8_K}. */
    public Q8Activations(GgmlType format) {
        if (format != GgmlType.Q8_0 && format != GgmlType.Q8_K) {
            throw new IllegalArgumentException("int8 activations are Q8_0 or Q8_K, not " + format);
        }
        this.format = format;
        this.block = format.blockSize();
    }

    /** The block format. */
    public GgmlType format() {
        return format;
    }

    /** Rows quantized by the last {@link #quantize}. */
    public int tokens() {
        return tokens;
    }

    /** Elements per row. */
    public int cols() {
        return cols;
    }

    /** Quantizes rows {@code x[t * stride .. t * stride + cols)} for {@code t < tokens}. */
    public void quantize(float[] x, int stride, int tokens, int cols) {
        if (cols <= 0 || cols % block != 0) {
            throw new IllegalArgumentException(format + " activations need a multiple of " + block
                    + " elements, got " + cols);
        }
        if (tokens < 0 || stride < cols || tokens > 0 && (long) (tokens - 1) * stride + cols > x.length) {
            throw new IllegalArgumentException(tokens + " rows of " + cols + " at stride " + stride
                    + " do not fit " + x.length + " values");
        }
        int n = Math.multiplyExact(tokens, cols);
        if (qs.length < n) {
            qs = new byte[n];
            d = new float[n / block];
            bsums = new short[n / sumGroup()];
        }
        this.tokens = tokens;
        this.cols = cols;
        for (int t = 0; t < tokens; t++) {
            for (int b = 0; b < cols / block; b++) {
                int dst = t * cols + b * block;
                if (format == GgmlType.Q8_0) {
                    quantizeQ8_0(x, t * stride + b * block, dst);
                } else {
                    quantizeQ8K(x, t * stride + b * block, dst);
                }
            }
        }
    }

    /** Values per activation sum: what the kernels' block offsets (_0 types) or mins (K-quants) need. */
    private int sumGroup() {
        return format == GgmlType.Q8_K ? 16 : 32;
    }

    /** The dequantized value of element {@code i} of row {@code t}: what the Java path's rounding gives. */
    public float get(int t, int i) {
        int j = t * cols + i;
        return qs[j] * d[j / block];
    }

    /**
     * Rounds {@code x[offset .. offset + n)} in place to the values {@link #quantize} and {@link #get} give for
     * {@code format}: each element becomes {@code q * d} of its block. This is how the Java kernels' activations are
     * rounded (the native kernels take the blocks themselves), so both paths multiply the same numbers.
     */
    public static void round(GgmlType format, float[] x, int offset, int n) {
        if (format != GgmlType.Q8_0 && format != GgmlType.Q8_K) {
            throw new IllegalArgumentException("int8 activations are Q8_0 or Q8_K, not " + format);
        }
        int block = format.blockSize();
        if (n % block != 0) {
            throw new IllegalArgumentException(format + " activations need a multiple of " + block
                    + " elements, got " + n);
        }
        for (int b = offset; b < offset + n; b += block) {
            if (format == GgmlType.Q8_0) {
                float amax = amax(x, b, 32);
                float id = amax != 0f ? 127f / amax : 0f;
                float d = Mem.roundF16(amax / 127f);
                for (int j = b; j < b + 32; j += L) {
                    dequantize(rint(FloatVector.fromArray(F, x, j).mul(id)), d, x, j);
                }
            } else {
                float amax = amax(x, b, 256);
                if (amax == 0f) {
                    Arrays.fill(x, b, b + 256, 0f);
                    continue;
                }
                float iscale = -127f / signedMax(x, b, amax);
                float d = 1f / iscale;
                for (int j = b; j < b + 256; j += L) {
                    dequantize(rint(FloatVector.fromArray(F, x, j).mul(iscale)).min(127), d, x, j);
                }
            }
        }
    }

    /** {@code q * d} into {@code x[at ..]}: the product {@link #get} computes. */
    private static void dequantize(IntVector q, float d, float[] x, int at) {
        ((FloatVector) q.convert(VectorOperators.I2F, 0)).mul(d).intoArray(x, at);
    }

    /** The largest magnitude in {@code x[src .. src + n)}. */
    private static float amax(float[] x, int src, int n) {
        FloatVector m = FloatVector.zero(F);
        for (int j = 0; j < n; j += L) {
            m = m.max(FloatVector.fromArray(F, x, src + j).abs());
        }
        return m.reduceLanes(VectorOperators.MAX);
    }

    /** The first value of {@code x[src ..]} of magnitude {@code amax}, with its sign (Q8_K's {@code max}). */
    private static float signedMax(float[] x, int src, float amax) {
        for (int j = 0; ; j += L) {
            VectorMask<Float> at = FloatVector.fromArray(F, x, src + j).abs().eq(amax);
            if (at.anyTrue()) {
                return x[src + j + at.firstTrue()];
            }
        }
    }

    private void quantizeQ8_0(float[] x, int src, int dst) {
        float amax = amax(x, src, 32);
        float id = amax != 0f ? 127f / amax : 0f;
        int sum = 0;
        for (int j = 0; j < 32; j += L) {
            IntVector q = rint(FloatVector.fromArray(F, x, src + j).mul(id));
            ((ByteVector) q.convertShape(VectorOperators.I2B, B, 0)).intoArray(qs, dst + j);
            sum += q.reduceLanes(VectorOperators.ADD);
        }
        bsums[dst / 32] = (short) sum;
        d[dst / 32] = Mem.roundF16(amax / 127f);
    }

    private void quantizeQ8K(float[] x, int src, int dst) {
        float amax = amax(x, src, 256);
        if (amax == 0f) {
            d[dst / 256] = 0f;
            Arrays.fill(qs, dst, dst + 256, (byte) 0);
            Arrays.fill(bsums, dst / 16, dst / 16 + 16, (short) 0);
            return;
        }
        float iscale = -127f / signedMax(x, src, amax);
        for (int g = 0; g < 16; g++) {
            int sum = 0;
            for (int j = 16 * g; j < 16 * g + 16; j += L) {
                IntVector q = rint(FloatVector.fromArray(F, x, src + j).mul(iscale)).min(127);
                ((ByteVector) q.convertShape(VectorOperators.I2B, B, 0)).intoArray(qs, dst + j);
                sum += q.reduceLanes(VectorOperators.ADD);
            }
            bsums[dst / 16 + g] = (short) sum;
        }
        d[dst / 256] = 1f / iscale;
    }

    /**
     * Round half to even, as {@code Math.rint}: adding and subtracting 1.5 * 2^23 leaves the nearest integer for
     * every |v| below 2^22 (quantized values are at most 127.5 in magnitude).
     */
    private static IntVector rint(FloatVector v) {
        return (IntVector) v.add(MAGIC).sub(MAGIC).convert(VectorOperators.F2I, 0);
    }
}
