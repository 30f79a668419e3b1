package io.jseek.model.tools;

import io.jseek.tensor.GgmlType;
import java.util.Locale;

/**
 * A llama.cpp file type ({@code llama_ftype}) and the per-tensor type mix that {@code llama-quantize} gives it, so that
 * a benchmark file has the same bytes per weight, tensor by tensor, as a published one (spec §3.2, the Feb-2025
 * {@code llama_tensor_get_type} without an importance matrix):
 * <ul>
 *   <li>1-D tensors (norms, biases) and the MoE router stay F32;</li>
 *   <li>{@code output.weight} is Q6_K unless the file is Q8_0;</li>
 *   <li>Q4_K_M: {@code attn_v} and every {@code ffn_down*} of the "more bits" layers are Q6_K, the rest Q4_K;</li>
 *   <li>a row length that is not a multiple of the type's block falls back (Q4_K to Q5_0, Q6_K to Q8_0), which is
 *       what happens to V2-Lite's 1408-wide expert {@code ffn_down} and deepseek-coder's 5504-wide
 *       {@code ffn_down}.</li>
 * </ul>
 */
public enum BenchQuant {
    Q4_0(2),
    Q8_0(7),
    Q4_K_M(15);

    private final int fileType;

    BenchQuant(int fileType) {
        this.fileType = fileType;
    }

    /** {@code general.file_type}. */
    public int fileType() {
        return fileType;
    }

    /** The file type called {@code name} (case-insensitive). */
    public static BenchQuant parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown quant type '" + name + "'; known: Q4_0, Q8_0, Q4_K_M");
        }
    }

    /**
     * The type of weight matrix {@code name} with rows of {@code rowLength} in layer {@code layer} of {@code layers}
     * ({@code layer} is -1 outside the blocks).
     */
    public GgmlType typeFor(String name, long rowLength, int layer, int layers) {
        GgmlType wanted;
        if (name.equals("output.weight")) {
            wanted = this == Q8_0 ? GgmlType.Q8_0 : GgmlType.Q6_K;
        } else if (this == Q4_K_M) {
            boolean moreBitsTensor = name.contains("attn_v.") || name.contains("ffn_down");
            wanted = moreBitsTensor && useMoreBits(layer, layers) ? GgmlType.Q6_K : GgmlType.Q4_K;
        } else {
            wanted = this == Q4_0 ? GgmlType.Q4_0 : GgmlType.Q8_0;
        }
        return fitting(wanted, rowLength);
    }

    /** llama.cpp's {@code use_more_bits}: the first and last eighth of the layers and every third one between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static GgmlType fitting(GgmlType wanted, long rowLength) {
        if (rowLength % wanted.blockSize() == 0) {
            return wanted;
        }
        GgmlType fallback = switch (wanted) {
            case Q4_K -> GgmlType.Q5_0;
            case Q6_K -> GgmlType.Q8_0;
            default -> GgmlType.F16;
        };
        return rowLength % fallback.blockSize() == 0 ? fallback : GgmlType.F16;
    }
}
