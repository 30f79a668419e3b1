package io.jseek.model.quantize;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufFormatException;
import io.jseek.tensor.GgmlType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which type each tensor of a model gets in a quantized file: llama.cpp's {@code llama_tensor_get_type} (the
 * llama.cpp that node-llama-cpp 3.21.1 ships) for the {@link QuantType}s, without an importance matrix.
 *
 * <ul>
 *   <li>Only tensors whose name ends in {@code weight}, with two or more dimensions, that are not norms, the MoE
 *       router ({@code ffn_gate_inp}) or one of llama.cpp's small special tensors are quantized; the rest keep their
 *       type.</li>
 *   <li>{@code output.weight} (or {@code token_embd.weight} when there is no output) becomes Q6_K, or Q8_0 where its
 *       rows are not a multiple of the default type's block; Q8_0 files keep Q8_0.</li>
 *   <li>Q4_K_M/Q5_K_M: attention-V-like tensors ({@code attn_v}, {@code attn_qkv}, {@code attn_kv_b}) and every
 *       {@code ffn_down*} of the "more bits" layers become Q6_K; {@code attn_qkv} is one step up. Models with 8
 *       experts (Mixtral-like) get Q8_0 {@code attn_v}/{@code attn_k} and, in Q4_K_M, Q5_K {@code attn_output};
 *       70B llama/qwen2 models Q5_K {@code attn_v} where it would be Q4_K.</li>
 *   <li>Rows that do not fit the block fall back: Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0, then F16.</li>
 * </ul>
 *
 * <p>The result is in llama.cpp's output order: layer ({@code blk.N.}, −1 outside blocks), then name.
 */
public final class QuantMix {
    /** What the rules read from the model: architecture, {@code block_count}, {@code expert_count}, 70B-ness. */
    public record Model(String arch, int layers, int experts, boolean is70B) {
        /** The facts of a GGUF model. */
        public static Model of(GgufFile file) throws GgufFormatException {
            String arch = file.getString("general.architecture");
            int layers = Math.toIntExact(file.getLong(arch + ".block_count"));
            int[] heads = file.findPerLayer(arch + ".attention.head_count", layers).orElse(new int[layers]);
            int[] kvHeads = file.findPerLayer(arch + ".attention.head_count_kv", layers).orElse(heads);
            int experts = Math.toIntExact(file.findLong(arch + ".expert_count").orElse(0));
            return of(arch, layers, layers == 0 ? 0 : heads[0], layers == 0 ? 0 : kvHeads[0], experts);
        }

        /** The facts from hyper-parameters; 70B as llama.cpp's loaders type it (80 layers; llama also needs GQA). */
        public static Model of(String arch, int layers, int heads, int kvHeads, int experts) {
            boolean is70B = layers == 80 && (arch.equals("qwen2") || arch.equals("llama") && heads != kvHeads);
            return new Model(arch, layers, experts, is70B);
        }
    }

    /** One tensor of the source: name, current type, shape ({@code shape[0]} is the row length). */
    public record Tensor(String name, GgmlType type, long[] shape) {
        public Tensor {
            shape = shape.clone();
        }
    }

    private enum Category { OUTPUT, TOKEN_EMBD, ATTN_QKV, ATTN_KV_B, ATTN_V, ATTN_K, ATTN_Q, ATTN_OUTPUT, FFN_UP,
        FFN_GATE, FFN_DOWN, OTHER }

    /** Name parts of tensors llama.cpp never quantizes (small, or read as integers or positions). */
    private static final List<String> KEEP_PARTS = List.of("_norm.weight", "ffn_gate_inp.weight",
            "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight",
            "indexer.k_proj.weight", "indexer.q_proj.weight", "time_mix_first.weight", "time_mix_w0.weight",
            "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight", "time_mix_v1.weight",
            "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight", "time_mix_a2.weight",
            "time_mix_g1.weight", "time_mix_g2.weight", "time_mix_decay_w1.weight", "time_mix_decay_w2.weight",
            "time_mix_lerp_fused.weight", "attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.",
            "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook", "mm.a.code_embd");
    private static final List<String> KEEP_NAMES = List.of("position_embd.weight", "token_types.weight");

    private QuantMix() {
    }

    /**
     * The output type of every tensor, in output order. With {@code pure}, every quantizable tensor gets the default
     * type (llama-quantize {@code --pure}; the block fallback still applies).
     */
    public static Map<String, GgmlType> choose(QuantType type, boolean pure, Model model, List<Tensor> tensors) {
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingInt((Tensor t) -> layerOf(t.name())).thenComparing(Tensor::name));
        State s = new State(type, model);
        for (Tensor t : sorted) {
            Category c = category(t.name());
            s.attnV += isAttnV(c) ? 1 : 0;
            s.tied &= c != Category.OUTPUT;
        }
        Map<String, GgmlType> out = new LinkedHashMap<>();
        for (Tensor t : sorted) {
            GgmlType chosen = t.type();
            if (quantizable(t)) {
                chosen = pure ? type.defaultType() : s.rules(t, category(t.name()), type.defaultType());
                chosen = fitting(chosen, t.shape()[0]);
            }
            out.put(t.name(), chosen);
        }
        return out;
    }

    /** The counters llama.cpp keeps while it walks the tensors. */
    private static final class State {
        final QuantType type;
        final Model model;
        int attnV;
        int iAttnV;
        int iFfnDown;
        boolean tied = true;

        State(QuantType type, Model model) {
            this.type = type;
            this.model = model;
        }

        GgmlType rules(Tensor t, Category c, GgmlType t0) {
            boolean kMix = type == QuantType.Q4_K_M || type == QuantType.Q5_K_M;
            GgmlType n = t0;
            if (c == Category.OUTPUT || (tied && c == Category.TOKEN_EMBD)) {
                if (t.shape()[0] % t0.blockSize() != 0) {
                    n = GgmlType.Q8_0;
                } else if (t0 != GgmlType.Q8_0) {
                    n = GgmlType.Q6_K;
                }
            } else if (c == Category.TOKEN_EMBD) {
                return n;
            } else if (isAttnV(c)) {
                if (kMix && useMoreBits(iAttnV, attnV)) {
                    n = GgmlType.Q6_K;
                }
                if (model.is70B() && (n == GgmlType.Q3_K || n == GgmlType.Q4_K)) {
                    n = GgmlType.Q5_K;
                }
                if (model.experts() == 8) {
                    n = GgmlType.Q8_0;
                }
                iAttnV++;
            } else if (c == Category.ATTN_K) {
                if (model.experts() == 8) {
                    n = GgmlType.Q8_0;
                }
            } else if (c == Category.FFN_DOWN) {
                int layer = layer(t.name(), iFfnDown);
                if (kMix && useMoreBits(layer, model.layers())) {
                    n = GgmlType.Q6_K;
                }
                iFfnDown++;
            } else if (c == Category.ATTN_OUTPUT) {
                if (model.experts() == 8 && type == QuantType.Q4_K_M) {
                    n = GgmlType.Q5_K;
                }
            } else if (c == Category.ATTN_QKV) {
                if (type == QuantType.Q4_K_M) {
                    n = GgmlType.Q5_K;
                } else if (type == QuantType.Q5_K_M) {
                    n = GgmlType.Q6_K;
                }
            } else if (c == Category.FFN_GATE || c == Category.FFN_UP) {
                layer(t.name(), 0);
            }
            return n;
        }

        /** The FFN layer: counted for dense models, from the name for MoE ones (experts are not in layer order). */
        int layer(String name, int counted) {
            if (model.experts() <= 1) {
                return counted;
            }
            int layer = layerOf(name);
            if (layer < 0 || layer >= model.layers()) {
                throw new IllegalArgumentException("tensor " + name + ": no layer in [0, " + model.layers()
                        + ") in its name");
            }
            return layer;
        }
    }

    /** llama.cpp's {@code use_more_bits}: the first and last eighth of the layers and every third one between. */
    public static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static boolean quantizable(Tensor t) {
        String name = t.name();
        if (dims(t.shape()) < 2 || !name.endsWith("weight") || KEEP_NAMES.contains(name)) {
            return false;
        }
        return KEEP_PARTS.stream().noneMatch(name::contains);
    }

    /** ggml's {@code ggml_n_dims}: trailing dimensions of 1 do not count. */
    private static int dims(long[] shape) {
        for (int i = shape.length - 1; i >= 1; i--) {
            if (shape[i] > 1) {
                return i + 1;
            }
        }
        return 1;
    }

    /**
     * {@code wanted}, or llama.cpp's fallback where rows of {@code rowLength} are not whole blocks of it
     * (Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0, Q2_K/Q3_K → Q4_0; F16 where the fallback does not fit either).
     */
    public static GgmlType fitting(GgmlType wanted, long rowLength) {
        if (rowLength % wanted.blockSize() == 0) {
            return wanted;
        }
        GgmlType f = switch (wanted) {
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            default -> wanted;
        };
        return rowLength % f.blockSize() == 0 ? f : GgmlType.F16;
    }

    private static boolean isAttnV(Category c) {
        return c == Category.ATTN_V || c == Category.ATTN_QKV || c == Category.ATTN_KV_B;
    }

    private static Category category(String n) {
        if (n.equals("output.weight")) {
            return Category.OUTPUT;
        }
        if (n.equals("token_embd.weight") || n.equals("per_layer_token_embd.weight")) {
            return Category.TOKEN_EMBD;
        }
        String[] parts = {"attn_qkv.weight", "attn_kv_b.weight", "attn_v.weight", "attn_k.weight", "attn_q.weight",
            "attn_output.weight", "ffn_up", "ffn_gate", "ffn_down"};
        Category[] cats = {Category.ATTN_QKV, Category.ATTN_KV_B, Category.ATTN_V, Category.ATTN_K, Category.ATTN_Q,
            Category.ATTN_OUTPUT, Category.FFN_UP, Category.FFN_GATE, Category.FFN_DOWN};
        for (int i = 0; i < parts.length; i++) {
            if (n.contains(parts[i])) {
                return cats[i];
            }
        }
        return Category.OTHER;
    }

    /** The N of a {@code blk.N.} prefix (as C's {@code sscanf("blk.%d.")} reads it), −1 without one. */
    static int layerOf(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int i = 4;
        int start = i;
        if (i < name.length() && (name.charAt(i) == '-' || name.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9' && i - digits < 9) {
            i++;
        }
        return i == digits ? -1 : Integer.parseInt(name.substring(start, i));
    }
}
