package io.jseek.convert;

import io.jseek.convert.safetensors.ElementDecoder;
import io.jseek.convert.safetensors.SafeTensor;
import io.jseek.convert.safetensors.SafetensorsFormatException;
import java.io.UncheckedIOException;

/**
 * A DeepSeek-V3/R1 FP8 weight {@code [M, N]} dequantized with its {@code weight_scale_inv} of shape
 * {@code [ceil(M/bm), ceil(N/bn)]}: {@code w[i][j] = fp8(q[i][j]) · s[i/bm][j/bn]}, in f32 (the scale multiplies
 * despite its name; ../shared/docs/hf-checkpoints.md §2.3). Edge blocks are partial.
 */
final class Fp8BlockRows implements RowSource {
    private final SafeTensor weight;
    private final SafeTensor scale;
    private final int blockRows;
    private final int blockCols;
    private final int cols;
    private final float[] scaleRow;

    Fp8BlockRows(SafeTensor weight, SafeTensor scale, int blockRows, int blockCols) {
        this.weight = weight;
        this.scale = scale;
        this.blockRows = blockRows;
        this.blockCols = blockCols;
        this.cols = (int) weight.dim(1);
        this.scaleRow = new float[(int) scale.dim(1)];
    }

    /** The scale shape a weight of {@code shape} needs, for the plan's check. */
    static long[] scaleShape(long[] shape, int blockRows, int blockCols) {
        return new long[] {Math.ceilDiv(shape[0], blockRows), Math.ceilDiv(shape[1], blockCols)};
    }

    @Override
    public long rows() {
        return weight.dim(0);
    }

    @Override
    public int rowLength() {
        return cols;
    }

    @Override
    public void row(long r, float[] dst) {
        try {
            ElementDecoder.decode(weight, r * cols, dst, 0, cols);
            ElementDecoder.decode(scale, (r / blockRows) * scaleRow.length, scaleRow, 0, scaleRow.length);
        } catch (SafetensorsFormatException e) {
            throw new UncheckedIOException(e);
        }
        for (int j = 0; j < cols; j++) {
            dst[j] *= scaleRow[j / blockCols];
        }
    }
}
