package io.jseek.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hyper-parameters the tensor planner needs, read from config.json.
 *
 * @param layers main decoder blocks ({@code num_hidden_layers}; deepseek2's MTP block comes after them)
 * @param experts routed experts per MoE layer (0 for dense models)
 * @param nopeDim deepseek2 {@code qk_nope_head_dim}
 * @param valueDim deepseek2 {@code v_head_dim}
 * @param kvLoraRank deepseek2 {@code kv_lora_rank}
 * @param fp8Block {@code quantization_config.weight_block_size} (rows, columns), 128×128 by default
 */
record ModelShape(HfArchitecture arch, int layers, int heads, int kvHeads, int experts, int nopeDim, int valueDim,
                  int kvLoraRank, int[] fp8Block) {

    static ModelShape of(HfArchitecture arch, HfConfig c) throws ConvertException {
        int heads = c.getInt("num_attention_heads");
        int kvHeads = c.optInt("num_key_value_heads").orElse(heads);
        int[] block = {128, 128};
        JsonNode q = c.root().path("quantization_config");
        if (q.isObject()) {
            String method = q.path("quant_method").asText("");
            if (!method.equals("fp8")) {
                throw new ConvertException(c.file() + ": quantization_config.quant_method '" + method
                        + "' is not supported (jseek converts unquantized and DeepSeek fp8 checkpoints)");
            }
            JsonNode size = q.path("weight_block_size");
            if (size.isArray() && size.size() == 2 && size.get(0).asInt() > 0 && size.get(1).asInt() > 0) {
                block = new int[] {size.get(0).asInt(), size.get(1).asInt()};
            }
        }
        boolean ds = arch == HfArchitecture.DEEPSEEK2;
        return new ModelShape(arch, c.getInt("num_hidden_layers"), heads, kvHeads,
                ds ? c.optInt("n_routed_experts").orElse(0) : 0,
                ds ? c.getInt("qk_nope_head_dim") : 0,
                ds ? c.getInt("v_head_dim") : 0,
                ds ? c.getInt("kv_lora_rank") : 0, block);
    }
}
