package io.jseek.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The quantized formats: blocks of {@code type().blockSize()} elements stored in {@code type().typeSize()} bytes.
 * Finding an element's block, decoding a block and walking the blocks of a scalar dot happen here once; each format
 * reads the elements of one block at its byte offset {@code bo}.
 */
abstract sealed class BlockTensor extends FloatTensor
        permits Q8_0Tensor, Q4_0Tensor, Q4_1Tensor, Q5_0Tensor, Q5_1Tensor, Q2KTensor, Q3KTensor, K4Tensor,
        Q6KTensor {
    private final int qk;
    private final long blockBytes;

    BlockTensor(GgmlType type, MemorySegment data, long size) {
        super(type, data, size);
        this.qk = type.blockSize();
        this.blockBytes = type.typeSize();
    }

    @Override
    public final float getFloat(long index) {
        return element(block(index / qk), (int) (index % qk));
    }

    @Override
    final void dequantizeBlock(long block, float[] out, int outOffset) {
        decodeBlock(block(block), out, outOffset);
    }

    @Override
    public final float dotScalar(long offset, float[] x, int xOffset, int n) {
        long b0 = offset / qk;
        float sum = 0f;
        for (int b = 0; b < n / qk; b++) {
            sum = addBlockDot(sum, block(b0 + b), x, xOffset + b * qk);
        }
        return sum;
    }

    /** Byte offset of block {@code block}. */
    private long block(long block) {
        return block * blockBytes;
    }

    /** Element {@code j} of the block at {@code bo}, dequantized. */
    abstract float element(long bo, int j);

    /** Dequantizes the block at {@code bo} into {@code out[o .. o + blockSize)}. */
    abstract void decodeBlock(long bo, float[] out, int o);

    /**
     * {@code sum} plus the block at {@code bo} dotted with {@code x[xb .. xb + blockSize)}, added in the format's
     * reference order (the scalar twin the vector kernels are tested against).
     */
    abstract float addBlockDot(float sum, long bo, float[] x, int xb);
}
