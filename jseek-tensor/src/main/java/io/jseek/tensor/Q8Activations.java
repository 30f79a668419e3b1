package io.jseek.tensor;

import java.util.Arrays;

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
 * {@code q * d} are exactly the values the Java path's activation rounding produces, so both paths multiply the same
 * numbers and differ only in summation order.
 *
 * <p>A reusable buffer that grows to the largest batch seen; quantize on one thread, then let any number of workers
 * read it.
 */
public final class Q8Activations {
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

    private void quantizeQ8_0(float[] x, int src, int dst) {
        float amax = 0f;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(x[src + j]));
        }
        float id = amax != 0f ? 127f / amax : 0f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            qs[dst + j] = (byte) Math.rint(x[src + j] * id);
            sum += qs[dst + j];
        }
        bsums[dst / 32] = (short) sum;
        d[dst / 32] = Mem.roundF16(amax / 127f);
    }

    private void quantizeQ8K(float[] x, int src, int dst) {
        float max = 0f;
        float amax = 0f;
        for (int j = 0; j < 256; j++) {
            float ax = Math.abs(x[src + j]);
            if (ax > amax) {
                amax = ax;
                max = x[src + j];
            }
        }
        if (amax == 0f) {
            d[dst / 256] = 0f;
            Arrays.fill(qs, dst, dst + 256, (byte) 0);
            Arrays.fill(bsums, dst / 16, dst / 16 + 16, (short) 0);
            return;
        }
        float iscale = -127f / max;
        for (int j = 0; j < 256; j++) {
            qs[dst + j] = (byte) Math.min(127, (int) Math.rint(iscale * x[src + j]));
        }
        for (int g = 0; g < 16; g++) {
            int s = 0;
            for (int l = 0; l < 16; l++) {
                s += qs[dst + 16 * g + l];
            }
            bsums[dst / 16 + g] = (short) s;
        }
        d[dst / 256] = 1f / iscale;
    }
}
