package io.jseek.convert;

import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * Streams one output tensor into the GGUF writer's chunks: rows are read from the checkpoint one at a time and
 * converted block by block, so memory stays at one row whatever the tensor's size. The writer's chunks hold whole
 * blocks; a row may span chunks.
 */
final class TensorFiller implements GgufWriter.Filler {
    private final RowSource rows;
    private final GgmlType type;
    private final float[] row;
    private final LongConsumer progress;
    private long next;
    private int pos;

    TensorFiller(RowSource rows, GgmlType type, LongConsumer progress) {
        this.rows = rows;
        this.type = type;
        this.row = new float[rows.rowLength()];
        this.progress = progress;
        this.pos = row.length;
    }

    @Override
    public void fill(ByteBuffer chunk) {
        MemorySegment dst = MemorySegment.ofBuffer(chunk);
        int block = type.blockSize();
        long bytes = dst.byteSize();
        long at = 0;
        while (at < bytes) {
            if (pos == row.length) {
                rows.row(next++, row);
                pos = 0;
            }
            int blocks = (int) Math.min((row.length - pos) / block, (bytes - at) / type.typeSize());
            if (blocks == 0) {
                throw new IllegalStateException("row of " + row.length + " is not whole " + type + " blocks");
            }
            Quantizers.quantize(type, row, pos, blocks * block, dst, at);
            pos += blocks * block;
            at += (long) blocks * type.typeSize();
        }
        chunk.position(chunk.limit());
        progress.accept(bytes);
    }
}
