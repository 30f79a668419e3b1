package io.jseek.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes the {@code tokenizer.*} GGUF keys of a Hugging Face byte-level BPE tokenizer the way llama.cpp's converter
 * does ({@code _set_vocab_gpt2}, {@code get_vocab_base}, gguf-py {@code SpecialVocab}; ../shared/docs/hf-checkpoints.md
 * §4): tokens padded to the model's vocabulary size with {@code [PAD<i>]} (UNUSED), added tokens CONTROL when special
 * or when they look special and USER_DEFINED otherwise, merges as {@code "left right"}, special ids from
 * tokenizer_config.json with config.json's ids as fallback, the {@code add_*_token} flags only where the config sets
 * them, the chat template, and {@code tokenizer.ggml.pre} from the check-text hash.
 */
public final class HuggingFaceGgufVocabulary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpecialRole[] WRITTEN = {SpecialRole.BOS, SpecialRole.EOS, SpecialRole.UNKNOWN,
        SpecialRole.SEPARATOR, SpecialRole.PAD};

    private HuggingFaceGgufVocabulary() {
    }

    /**
     * Adds the tokenizer keys to {@code out}.
     *
     * @param tokenizerConfig tokenizer_config.json, or {@code null} when the checkpoint has none
     * @param fallbackIds role ids from config.json ({@code bos_token_id}, …), used where tokenizer_config.json names
     *     no token
     * @param vocabSize the model's vocabulary size (config.json {@code vocab_size}), or -1 for the tokenizer's own
     * @return the tokenizer read from the files
     * @throws TokenizerFormatException for unsupported tokenizers, an unknown pre-tokenizer hash, or a vocabulary
     *     larger than {@code vocabSize}
     */
    public static Tokenizer write(Path tokenizerJson, Path tokenizerConfig, Map<SpecialRole, Integer> fallbackIds,
                                  int vocabSize, GgufWriter out) throws IOException {
        TokenizerDefinition def = HuggingFaceTokenizerLoader.read(tokenizerJson, tokenizerConfig);
        Tokenizer tokenizer = new Tokenizer(def);
        String hash = PreTokenizerHash.hash(tokenizer);
        String pre = PreTokenizerHash.name(hash).orElseThrow(() -> new TokenizerFormatException(tokenizerJson
                + ": BPE pre-tokenizer not recognized (chkhsh " + hash + "); jseek converts the DeepSeek, Qwen and"
                + " Llama-3 vocabularies"));
        int n = vocabSize < 0 ? def.tokens().length : vocabSize;
        if (n < def.tokens().length) {
            throw new TokenizerFormatException("config.json vocab_size " + n + " is smaller than the "
                    + def.tokens().length + " tokens of " + tokenizerJson);
        }
        String[] tokens = new String[n];
        int[] types = new int[n];
        for (int id = 0; id < n; id++) {
            String text = id < def.tokens().length ? def.tokens()[id] : "[PAD" + id + "]";
            TokenType type = id < def.types().length ? def.types()[id] : TokenType.UNUSED;
            if (type == TokenType.USER_DEFINED && Vocabulary.looksSpecial(text)) {
                type = TokenType.CONTROL;
            } else if (type == TokenType.USER_DEFINED) {
                text = text.replace('\u2581', ' ');
            }
            tokens[id] = text;
            types[id] = type.ggufCode();
        }
        String[] merges = new String[def.mergeLeft().length];
        for (int i = 0; i < merges.length; i++) {
            merges[i] = def.mergeLeft()[i] + " " + def.mergeRight()[i];
        }
        out.putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", pre)
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, tokens)
                .putArray("tokenizer.ggml.token_type", GgufValueType.INT32, types)
                .putArray("tokenizer.ggml.merges", GgufValueType.STRING, merges);
        JsonNode config = tokenizerConfig == null ? JSON.createObjectNode() : JSON.readTree(tokenizerConfig.toFile());
        Map<SpecialRole, Integer> ids = new EnumMap<>(fallbackIds);
        if (tokenizerConfig != null) {
            ids.putAll(def.specialIds());
        }
        for (SpecialRole role : WRITTEN) {
            Integer id = ids.get(role);
            if (id != null && id >= 0 && id < n) {
                out.putUint32(role.ggufKey(), id);
            }
        }
        for (String flag : new String[] {"bos", "eos"}) {
            JsonNode add = config.path("add_" + flag + "_token");
            if (add.isBoolean()) {
                out.putBool("tokenizer.ggml.add_" + flag + "_token", add.asBoolean());
            }
        }
        String template = chatTemplate(config.path("chat_template"));
        if (!template.isEmpty()) {
            out.putString("tokenizer.chat_template", template);
        }
        return tokenizer;
    }

    /** A template string, or from a list of named templates the one called "default" (gguf-py's rule). */
    private static String chatTemplate(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        for (JsonNode named : node) {
            if (named.path("name").asText().equals("default")) {
                return named.path("template").asText("");
            }
        }
        return "";
    }
}
