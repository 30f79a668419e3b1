package io.jseek.convert;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The F32 tensors of a GGUF file as float arrays (GGUF layout: ne0 fastest), and writing them back. */
final class GgufTensors {
    record T(long[] ne, float[] values) {
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GgufTensors() {
    }

    static Map<String, T> read(Path file) throws IOException {
        Map<String, T> out = new LinkedHashMap<>();
        try (GgufFile g = GgufFile.open(file)) {
            for (GgufTensor t : g.tensors().values()) {
                if (t.type() != GgmlType.F32) {
                    throw new IllegalArgumentException(t.name() + " is " + t.type());
                }
                float[] v = new float[(int) t.elementCount()];
                java.lang.foreign.MemorySegment.copy(t.data(), F32, 0, v, 0, v.length);
                out.put(t.name(), new T(t.shape(), v));
            }
        }
        return out;
    }

    /** Writes {@code tensors} as F32 with every metadata key of {@code metadataFrom}. */
    static void write(Map<String, T> tensors, Path metadataFrom, Path out) throws IOException {
        GgufWriter w = new GgufWriter();
        try (GgufFile g = GgufFile.open(metadataFrom)) {
            for (String key : g.metadata().keySet()) {
                w.copy(g, key);
            }
            tensors.forEach((name, t) -> w.addTensor(name, t.ne(), t.values()));
            w.write(out);
        }
    }
}
