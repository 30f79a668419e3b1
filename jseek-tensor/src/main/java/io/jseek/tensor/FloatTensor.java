package io.jseek.tensor;

import io.jseek.cpu.NativeKernels;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A read-only tensor of {@link #size()} elements of one {@link GgmlType}, viewed over a {@link MemorySegment}
 * (normally a slice of a memory-mapped GGUF file; nothing is copied onto the heap).
 *
 * <p>Design (after llama3.java): one final subclass per format, each with a scalar reference ({@link #dotScalar}) that
 * follows the ggml dequantization formulas literally. The hot formats also have a {@link RowKernel} class (a fused
 * vector dot product and a vector block decoder), written once (for one format, or for formats that differ only in
 * a constant: F32/F16/BF16, Q4_0/Q5_0, Q4_1/Q5_1) and specialised per vector width and format by
 * {@link Specializer}; formats without one use the scalar dot and decode through {@link #dequantize}. Dot products
 * take F32 activations; the native int8 kernels take {@link Q8Activations}.
 *
 * <p>Entry points for forward passes: {@link #matVec(float[], float[], int, int, int, VectorWidth)} (one token; rows
 * split over workers by the caller; the overload that takes the {@link ActivationSums} of {@code x} lets workers share
 * them, which Q4_K's dot uses for its mins) and {@link #matMul} (a batch of tokens, for prefill and batched decode:
 * each weight row is decoded once per batch instead of once per token).
 *
 * <p>Element indices are flat. A matrix of {@code rows x cols} is {@code rows} consecutive rows of {@code cols}
 * elements (GGUF order); {@code cols} must be a multiple of the block size.
 */
public abstract sealed class FloatTensor
        permits ElementTensor, BlockTensor {

    /** Marks a format that has no kernel at the default width, once looked up. */
    private static final Object NO_KERNEL = new Object();

    /** The raw blocks. */
    protected final MemorySegment data;
    private final GgmlType type;
    private final long size;
    /** The format's {@link RowKernel} at {@link VectorWidth#DEFAULT} ({@link #NO_KERNEL} where none), once looked up. */
    private Object defaultKernel;

    FloatTensor(GgmlType type, MemorySegment data, long size) {
        long bytes = type.byteSize(size);
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException(type + " tensor of " + size + " elements needs " + bytes
                    + " bytes, segment has " + data.byteSize());
        }
        this.type = type;
        this.data = data;
        this.size = size;
    }

    /** The element type. */
    public final GgmlType type() {
        return type;
    }

    /** Number of elements. */
    public final long size() {
        return size;
    }

    /** The underlying bytes. */
    public final MemorySegment segment() {
        return data;
    }

    /** The element at {@code index}, dequantized. Slow path: use {@link #dequantize} or {@link #dot} in loops. */
    public abstract float getFloat(long index);

    /** Dequantizes the whole block {@code block} into {@code out[outOffset .. outOffset + blockSize)}. */
    abstract void dequantizeBlock(long block, float[] out, int outOffset);

    /** The scalar reference dot product; {@code offset} and {@code n} are multiples of the block size. */
    public abstract float dotScalar(long offset, float[] x, int xOffset, int n);

    /** This format's vector kernels at the non-scalar {@code width}, or {@code null} where it has none. */
    RowKernel kernel(VectorWidth width) {
        return null;
    }

    /**
     * {@link #kernel} at {@code width}, or null at the scalar width; the default width's is remembered. Why: every
     * mat-vec chunk asks, thousands of times per decode step, and {@link Specializer}'s lookup allocates and hashes
     * a key each time. Two threads may both look it up first: they get the same instance.
     */
    private RowKernel rowKernel(VectorWidth width) {
        if (width.scalar()) {
            return null;
        }
        if (width != VectorWidth.DEFAULT) {
            return kernel(width);
        }
        Object k = defaultKernel;
        if (k == null) {
            RowKernel found = kernel(width);
            k = found == null ? NO_KERNEL : found;
            defaultKernel = k;
        }
        return k instanceof RowKernel r ? r : null;
    }

    /**
     * Dequantizes elements {@code [from, from + count)} into {@code out}. Whole blocks take the format's vector decoder
     * at {@link VectorWidth#DEFAULT} (exactly the scalar values: see {@link RowKernel#decode}), or the scalar block path
     * where there is none; unaligned ends go element by element.
     */
    public void dequantize(long from, float[] out, int outOffset, int count) {
        Objects.checkFromIndexSize(from, count, size);
        Objects.checkFromIndexSize(outOffset, count, out.length);
        int qk = type().blockSize();
        long i = from;
        long end = from + count;
        int o = outOffset;
        while (i < end && i % qk != 0) {
            out[o++] = getFloat(i++);
        }
        RowKernel k = rowKernel(VectorWidth.DEFAULT);
        if (k != null && end - i >= qk) {
            int n = (int) ((end - i) / qk * qk);
            k.decode(data, i, out, o, n);
            i += n;
            o += n;
        }
        while (end - i >= qk) {
            dequantizeBlock(i / qk, out, o);
            i += qk;
            o += qk;
        }
        while (i < end) {
            out[o++] = getFloat(i++);
        }
    }

    /** {@code Σ this[offset + i] * x[xOffset + i]} for {@code i < n}, with the {@link VectorWidth#DEFAULT} width. */
    public final float dot(long offset, float[] x, int xOffset, int n) {
        return dot(offset, x, xOffset, n, VectorWidth.DEFAULT);
    }

    /** As {@link #dot(long, float[], int, int)} with an explicit width; {@code offset} and {@code n} block-aligned. */
    public final float dot(long offset, float[] x, int xOffset, int n, VectorWidth width) {
        checkSpan(offset, n);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        RowKernel k = rowKernel(width);
        return k == null ? dotScalar(offset, x, xOffset, n) : k.dot(data, offset, x, xOffset, n);
    }

    /** {@code out[r] = row r · x} for all {@code rows}; this tensor is a {@code rows x cols} matrix. */
    public final void matVec(float[] x, float[] out, int rows, int cols) {
        matVec(x, out, cols, 0, rows, VectorWidth.DEFAULT);
    }

    /**
     * {@code out[r] = row r · x} for {@code fromRow <= r < toRow}, on the calling thread only, so that an engine can
     * split the rows of one matrix over its own workers. Each {@code out[r]} equals {@link #dot} of row {@code r}.
     */
    public final void matVec(float[] x, float[] out, int cols, int fromRow, int toRow, VectorWidth width) {
        matVec(x, null, out, cols, fromRow, toRow, width);
    }

    /**
     * As {@link #matVec(float[], float[], int, int, int, VectorWidth)}, given {@code xSums}, the
     * {@link ActivationSums} of {@code x[0 .. cols)} (or {@code null} to compute them here when the format uses
     * them). Workers that split the rows of one or several matrices applied to the same {@code x} compute the sums
     * once and share them; the results are the same bits either way.
     */
    public final void matVec(float[] x, float[] xSums, float[] out, int cols, int fromRow, int toRow,
                             VectorWidth width) {
        matVec(x, xSums, out, fromRow, cols, fromRow, toRow, width);
    }

    /**
     * As {@link #matVec(float[], float[], float[], int, int, int, VectorWidth)}, but row {@code r} goes to
     * {@code out[outOffset + r - fromRow]}: a slab of rows (one expert of a 3-D expert tensor) into a buffer of its own.
     */
    public final void matVec(float[] x, float[] xSums, float[] out, int outOffset, int cols, int fromRow, int toRow,
                             VectorWidth width) {
        checkSpan((long) fromRow * cols, (long) (toRow - fromRow) * cols);
        Objects.checkFromIndexSize(0, cols, x.length);
        Objects.checkFromIndexSize(outOffset, toRow - fromRow, out.length);
        RowKernel k = rowKernel(width);
        int o = outOffset - fromRow;
        if (k == null) {
            for (int r = fromRow; r < toRow; r++) {
                out[o + r] = dotScalar((long) r * cols, x, 0, cols);
            }
        } else if (k.usesSums()) {
            float[] sums = xSums;
            if (sums == null) {
                sums = ActivationSums.of(x, 0, cols);
            } else {
                Objects.checkFromIndexSize(0, cols / ActivationSums.GROUP, sums.length);
            }
            for (int r = fromRow; r < toRow; r++) {
                out[o + r] = k.dot(data, (long) r * cols, x, 0, cols, sums, 0);
            }
        } else {
            for (int r = fromRow; r < toRow; r++) {
                out[o + r] = k.dot(data, (long) r * cols, x, 0, cols);
            }
        }
    }

    /**
     * A vector times a block of rows, accumulated: {@code out[outOffset + c] += coef[coefOffset + r] * row r[c]} for
     * {@code c < cols}, row after row for {@code r < rows}, the rows of {@code cols} elements starting at element
     * {@code offset}. Each product is rounded to float and then added (no FMA), in row order, so every width gives
     * the bits of the scalar loop over the dequantized rows. {@code scratch} (at least {@code cols} floats) holds a
     * decoded row for formats that do not fuse the decode into the sum. On the calling thread only.
     */
    public final void accumulateRows(long offset, int rows, int cols, float[] coef, int coefOffset, float[] out,
                                     int outOffset, float[] scratch, VectorWidth width) {
        checkSpan(offset, (long) rows * cols);
        if (cols % type().blockSize() != 0) {
            throw new IllegalArgumentException(type() + ": rows of " + cols
                    + " elements are not whole blocks of " + type().blockSize());
        }
        Objects.checkFromIndexSize(coefOffset, rows, coef.length);
        Objects.checkFromIndexSize(outOffset, cols, out.length);
        Objects.checkFromIndexSize(0, cols, scratch.length);
        RowKernel k = rowKernel(width);
        if (k != null) {
            k.accumulate(data, offset, rows, cols, coef, coefOffset, out, outOffset, scratch);
            return;
        }
        int qk = type().blockSize();
        for (int r = 0; r < rows; r++) {
            long at = offset + (long) r * cols;
            for (int b = 0; b < cols; b += qk) {
                dequantizeBlock((at + b) / qk, scratch, b);
            }
            addScaled(coef[coefOffset + r], scratch, out, outOffset, cols);
        }
    }

    /** {@code out[outOffset + i] += c * row[i]} for {@code i < n}: one row of {@link #accumulateRows}. */
    static void addScaled(float c, float[] row, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] += c * row[i];
        }
    }

    /**
     * Whether this format's dot at {@code width} reads the {@link ActivationSums} of {@code x}: then a caller that
     * splits one mat-vec over workers computes them once and passes them to every worker.
     */
    public final boolean usesActivationSums(VectorWidth width) {
        RowKernel k = rowKernel(width);
        return k != null && k.usesSums();
    }

    /**
     * A batch of mat-vecs: for each token {@code t < tokens}, {@code out[t * outStride + r] = row r · x[t * xStride ..
     * t * xStride + cols)} for {@code fromRow <= r < toRow}, on the calling thread only (split rows over workers as
     * for {@link #matVec(float[], float[], int, int, int, VectorWidth)}). Reads each weight once per call, not once
     * per token: see {@link MatMul}. Results match the per-token mat-vec up to float summation order (bit-equal for
     * one token).
     */
    public final void matMul(float[] x, int xStride, float[] out, int outStride, int tokens, int cols, int fromRow,
                             int toRow, VectorWidth width) {
        checkSpan((long) fromRow * cols, (long) (toRow - fromRow) * cols);
        if (tokens <= 0 || fromRow == toRow) {
            return;
        }
        if (xStride < cols || outStride < toRow) {
            throw new IllegalArgumentException("strides " + xStride + "/" + outStride + " shorter than rows of "
                    + cols + "/" + toRow);
        }
        Objects.checkFromIndexSize(0, (long) (tokens - 1) * xStride + cols, x.length);
        Objects.checkFromIndexSize(0, (long) (tokens - 1) * outStride + toRow, out.length);
        MatMul.run(this, rowKernel(width), x, xStride, out, outStride, tokens, cols, fromRow,
                toRow, width);
    }

    /**
     * Whether {@link #matMul(Q8Activations, float[], int, int, int, int)} runs for this tensor: the native kernels are
     * in use ({@link Kernels}) and have this format.
     */
    public final boolean hasInt8Kernel() {
        return Kernels.nativeFor(type());
    }

    /**
     * The int8 batch of mat-vecs: for each token {@code t < x.tokens()}, {@code out[outOffset + t * outStride + r -
     * fromRow] = row r · token t} for {@code fromRow <= r < toRow}, with the activations already quantized (once, for
     * all the workers that split the rows). Only where {@link #hasInt8Kernel()}; {@code x} must be in this format's
     * dot type ({@link Q8Activations#format()}) and {@code x.cols()} the row length.
     */
    public final void matMul(Q8Activations x, float[] out, int outOffset, int outStride, int fromRow, int toRow) {
        int cols = x.cols();
        checkSpan((long) fromRow * cols, (long) (toRow - fromRow) * cols);
        GgmlType dot = NativeKernels.activationBlock(type().id()) == 256 ? GgmlType.Q8_K : GgmlType.Q8_0;
        if (x.format() != dot) {
            throw new IllegalArgumentException(type() + " weights take " + dot + " activations, not " + x.format());
        }
        long rowBytes = type().byteSize(cols);
        NativeKernels.matMul(type().id(), data, fromRow * rowBytes, toRow - fromRow, cols, x.qs, x.d, x.bsums,
                x.tokens(), out, outOffset, outStride);
    }

    private void checkSpan(long offset, long n) {
        int qk = type().blockSize();
        if (offset % qk != 0 || n % qk != 0) {
            throw new IllegalArgumentException(type() + ": offset " + offset + " and length " + n
                    + " must be multiples of the block size " + qk);
        }
        Objects.checkFromIndexSize(offset, n, size);
    }
}
