package io.jseek.model.quantize;

import io.jseek.gguf.GgufTensor;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.ComputePool;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import io.jseek.tensor.Tensors;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Produces one output tensor chunk by chunk for {@link GgufWriter}: the source bytes copied when the type stays,
 * otherwise each chunk's blocks dequantized to F32 and quantized again, split over the compute pool. Blocks are
 * independent and rows are whole blocks, so any split gives the same bytes as a single thread.
 */
final class TensorRequantizer implements GgufWriter.Filler {
    /** Elements per pool task: large enough to amortize dispatch, small enough to spread a chunk over threads. */
    private static final int TASK_ELEMENTS = 1 << 16;

    private final GgufTensor source;
    private final GgmlType to;
    private final ComputePool pool;
    private final Runnable onStart;
    private final FloatTensor values;
    private long done;

    TensorRequantizer(GgufTensor source, GgmlType to, ComputePool pool, Runnable onStart) {
        this.source = source;
        this.to = to;
        this.pool = pool;
        this.onStart = onStart;
        if (to != source.type() && !(source.type().computable() && Quantizers.canQuantize(to))) {
            throw new IllegalArgumentException("tensor " + source.name() + ": cannot convert " + source.type()
                    + " to " + to);
        }
        this.values = to == source.type() ? null : Tensors.of(source.type(), source.data(), source.elementCount());
    }

    @Override
    public void fill(ByteBuffer chunk) {
        if (done == 0) {
            onStart.run();
        }
        MemorySegment dst = MemorySegment.ofBuffer(chunk);
        int bytes = chunk.remaining();
        if (values == null) {
            dst.copyFrom(source.data().asSlice(done, bytes));
        } else {
            convert(dst, bytes / to.typeSize());
        }
        done += bytes;
        chunk.position(chunk.limit());
    }

    private void convert(MemorySegment dst, int blocks) {
        int qk = to.blockSize();
        long first = done / to.typeSize() * qk;
        int grain = Math.max(1, TASK_ELEMENTS / qk);
        pool.forRange(blocks, grain, (from, end) -> {
            float[] x = new float[(end - from) * qk];
            values.dequantize(first + (long) from * qk, x, 0, x.length);
            Quantizers.quantize(to, x, 0, x.length, dst, (long) from * to.typeSize());
        });
    }
}
