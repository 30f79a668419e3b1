package io.jseek.model.quantize;

import io.jseek.tensor.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file types {@code jseek quantize} makes: llama.cpp's {@code llama_ftype} values with their default tensor
 * type, under llama-quantize's names ({@code Q4_K} and {@code Q5_K} are its aliases of the _M mixes).
 */
public enum QuantType {
    Q4_0(2, GgmlType.Q4_0),
    Q5_0(8, GgmlType.Q5_0),
    Q8_0(7, GgmlType.Q8_0),
    Q4_K_M(15, GgmlType.Q4_K),
    Q5_K_M(17, GgmlType.Q5_K),
    Q6_K(18, GgmlType.Q6_K);

    private final int fileType;
    private final GgmlType defaultType;

    QuantType(int fileType, GgmlType defaultType) {
        this.fileType = fileType;
        this.defaultType = defaultType;
    }

    /** {@code general.file_type} of the output. */
    public int fileType() {
        return fileType;
    }

    /** The type of every quantized tensor that no rule of the mix changes. */
    public GgmlType defaultType() {
        return defaultType;
    }

    /** The type called {@code name}, case-insensitive; {@code Q4_K}/{@code Q5_K} mean the _M mixes. */
    public static QuantType parse(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        switch (n) {
            case "Q4_K" -> {
                return Q4_K_M;
            }
            case "Q5_K" -> {
                return Q5_K_M;
            }
            default -> {
                for (QuantType t : values()) {
                    if (t.name().equals(n)) {
                        return t;
                    }
                }
                throw new IllegalArgumentException("unknown quantization type '" + name + "'; known: "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
                        + " (Q4_K and Q5_K mean Q4_K_M and Q5_K_M)");
            }
        }
    }
}
