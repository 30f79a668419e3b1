package io.jseek.tokenizer;

import java.util.List;

/**
 * Roles a vocabulary may assign to particular tokens, with the GGUF metadata key of each (llama.cpp
 * {@code LLM_KV_TOKENIZER_*}; note the historical spelling {@code seperator}) and the token texts llama.cpp
 * recognises when the key is absent (its load-time attribute fixes, docs §4.5).
 */
public enum SpecialRole {
    BOS("tokenizer.ggml.bos_token_id"),
    EOS("tokenizer.ggml.eos_token_id"),
    EOT("tokenizer.ggml.eot_token_id", "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
            "<EOT>", "_<EOT>", "<\uFF5Cend\u2581of\u2581sentence\uFF5C>"),
    EOM("tokenizer.ggml.eom_token_id", "<|eom_id|>"),
    PAD("tokenizer.ggml.padding_token_id"),
    UNKNOWN("tokenizer.ggml.unknown_token_id"),
    SEPARATOR("tokenizer.ggml.seperator_token_id"),
    FIM_PREFIX("tokenizer.ggml.fim_pre_token_id", "<|fim_prefix|>", "<fim-prefix>", "<\uFF5Cfim\u2581begin\uFF5C>",
            "<PRE>"),
    FIM_SUFFIX("tokenizer.ggml.fim_suf_token_id", "<|fim_suffix|>", "<fim-suffix>", "<\uFF5Cfim\u2581hole\uFF5C>",
            "<SUF>"),
    FIM_MIDDLE("tokenizer.ggml.fim_mid_token_id", "<|fim_middle|>", "<fim-middle>", "<\uFF5Cfim\u2581end\uFF5C>",
            "<MID>"),
    FIM_PAD("tokenizer.ggml.fim_pad_token_id", "<|fim_pad|>", "<fim-pad>", "<PAD>"),
    FIM_REPO("tokenizer.ggml.fim_rep_token_id", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>"),
    FIM_SEPARATOR("tokenizer.ggml.fim_sep_token_id", "<|file_sep|>", "<fim-separator>");

    private final String ggufKey;
    private final List<String> knownTexts;

    SpecialRole(String ggufKey, String... knownTexts) {
        this.ggufKey = ggufKey;
        this.knownTexts = List.of(knownTexts);
    }

    /** The GGUF metadata key holding this role's token id. */
    public String ggufKey() {
        return ggufKey;
    }

    /** Token texts that take this role when the metadata does not name one (empty for BOS, EOS, PAD, …). */
    List<String> knownTexts() {
        return knownTexts;
    }
}
