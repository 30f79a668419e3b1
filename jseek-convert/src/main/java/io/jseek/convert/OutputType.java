package io.jseek.convert;

import io.jseek.tensor.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code --type} of {@code jseek convert}: llama.cpp's converter out-types, with the {@code general.file_type}
 * each writes (gguf-py {@code LlamaFileType}). Q8_0 is ggml's reference quantizer ({@link io.jseek.tensor.Quantizers}).
 */
public enum OutputType {
    F32(GgmlType.F32, 0),
    F16(GgmlType.F16, 1),
    BF16(GgmlType.BF16, 32),
    Q8_0(GgmlType.Q8_0, 7);

    private final GgmlType ggml;
    private final int fileType;

    OutputType(GgmlType ggml, int fileType) {
        this.ggml = ggml;
        this.fileType = fileType;
    }

    public GgmlType ggml() {
        return ggml;
    }

    int fileType() {
        return fileType;
    }

    /** The type of one tensor: F32 where llama.cpp keeps it, F16 where rows do not fill whole blocks. */
    GgmlType typeFor(OutputTensor t) {
        if (t.alwaysF32()) {
            return GgmlType.F32;
        }
        return t.ne()[0] % ggml.blockSize() == 0 ? ggml : GgmlType.F16;
    }

    /** Parses {@code f32}, {@code f16}, {@code bf16} or {@code q8_0} (any case). */
    public static Optional<OutputType> parse(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The accepted names, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
    }
}
