package io.jseek.model.tools;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Tensors;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The full-precision twin of a quantized GGUF model: the same file with every tensor dequantized to F32, so that a
 * reference engine runs exactly the model the quantized file describes, without its quantization error (the base
 * for {@code jseek perplexity --kl-base} and the fidelity oracle, {@code tools/oracle/fidelity}). Metadata is
 * copied, {@code general.file_type} set to 0 (all F32). Quantized copies go the other way through
 * {@code jseek quantize} ({@link io.jseek.model.quantize.GgufQuantizer}).
 *
 * <p>Usage: {@code FullPrecisionTwin IN.gguf OUT.gguf}.
 */
public final class FullPrecisionTwin {
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
            ByteOrder.LITTLE_ENDIAN);

    private FullPrecisionTwin() {
    }

    /** Writes {@code out}: {@code in} with every tensor in F32. */
    public static void write(Path in, Path out) throws IOException {
        try (GgufFile src = GgufFile.open(in)) {
            GgufWriter w = new GgufWriter();
            for (String key : src.metadata().keySet()) {
                if (!key.equals("general.file_type")) {
                    w.copy(src, key);
                }
            }
            w.put("general.file_type", GgufValueType.UINT32, 0);
            for (GgufTensor t : src.tensors().values()) {
                if (t.type() == GgmlType.F32) {
                    w.addTensor(t.name(), t.type(), t.shape(), t.data());
                } else {
                    FloatTensor source = Tensors.of(t.type(), t.data(), t.elementCount());
                    w.addTensor(t.name(), GgmlType.F32, t.shape(), dequantizer(source));
                }
            }
            w.write(out);
        }
    }

    /** Fills F32 chunks with the source's values in order. */
    private static GgufWriter.Filler dequantizer(FloatTensor source) {
        long[] next = {0};
        return chunk -> {
            int n = chunk.remaining() / Float.BYTES;
            float[] x = new float[n];
            source.dequantize(next[0], x, 0, n);
            next[0] += n;
            MemorySegment.copy(x, 0, MemorySegment.ofBuffer(chunk), FLOAT_LE, 0, n);
            chunk.position(chunk.limit());
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FullPrecisionTwin IN.gguf OUT.gguf");
        }
        write(Path.of(args[0]), Path.of(args[1]));
    }
}
