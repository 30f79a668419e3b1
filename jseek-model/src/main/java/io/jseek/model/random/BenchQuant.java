package io.jseek.model.random;

import io.jseek.model.quantize.QuantType;
import java.util.Locale;

/**
 * The llama.cpp file types ({@code llama_ftype}) that benchmark files come in. Each tensor gets the type that
 * {@code llama-quantize} gives it ({@link QuantMix}), so that a benchmark file has the same bytes per weight, tensor
 * by tensor, as one quantized by llama.cpp: e.g. V2-Lite's 1408-wide expert {@code ffn_down} falls back to Q5_0 in
 * Q4_K_M, and {@code output.weight} is Q6_K unless the file is Q8_0.
 */
public enum BenchQuant {
    Q4_0(QuantType.Q4_0),
    Q8_0(QuantType.Q8_0),
    Q4_K_M(QuantType.Q4_K_M);

    private final QuantType type;

    BenchQuant(QuantType type) {
        this.type = type;
    }

    /** {@code general.file_type}. */
    public int fileType() {
        return type.fileType();
    }

    /** The mix this file type stands for. */
    public QuantType type() {
        return type;
    }

    /** The file type called {@code name} (case-insensitive). */
    public static BenchQuant parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown quant type '" + name + "'; known: Q4_0, Q8_0, Q4_K_M");
        }
    }
}
