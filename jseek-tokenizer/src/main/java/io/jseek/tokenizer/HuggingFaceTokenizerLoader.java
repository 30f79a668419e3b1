package io.jseek.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a byte-level BPE tokenizer from a Hugging Face {@code tokenizer.json} (plus, optionally, its
 * {@code tokenizer_config.json} for BOS/EOS and {@code add_bos_token}).
 *
 * <p>Supported subset, which covers the DeepSeek and Qwen files: model {@code BPE} without byte fallback or subword
 * affixes, merges as {@code "a b"} strings or {@code ["a","b"]} pairs; normalizer absent, {@code NFC}, or a
 * {@code Sequence} of those; pre-tokenizer {@code Sequence} of {@code Split(Isolated)} and {@code ByteLevel}
 * (see {@link HuggingFacePreTokenizer}). Anything else is rejected with a {@link TokenizerFormatException} rather
 * than silently tokenized differently.
 *
 * <p>Added tokens become {@link TokenType#CONTROL} when marked {@code special}, otherwise
 * {@link TokenType#USER_DEFINED} (and then, like in GGUF files, control again if their text looks special), which
 * is what llama.cpp's converter writes; both loading paths therefore behave the same.
 */
final class HuggingFaceTokenizerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HuggingFaceTokenizerLoader() {
    }

    static TokenizerDefinition read(Path tokenizerJson, Path tokenizerConfig) throws IOException {
        JsonNode root = JSON.readTree(tokenizerJson.toFile());
        JsonNode config = tokenizerConfig == null ? null : JSON.readTree(tokenizerConfig.toFile());
        JsonNode model = root.path("model");
        checkModel(model);
        Map<Integer, String> texts = new java.util.HashMap<>();
        Map<Integer, TokenType> types = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            texts.put(e.getValue().asInt(), e.getKey());
            types.put(e.getValue().asInt(), TokenType.NORMAL);
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            texts.put(id, added.path("content").asText());
            types.put(id, added.path("special").asBoolean() ? TokenType.CONTROL : TokenType.USER_DEFINED);
        }
        int size = texts.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        TokenType[] tokenTypes = new TokenType[size];
        for (int id = 0; id < size; id++) {
            tokens[id] = texts.getOrDefault(id, "[PAD" + id + "]");
            tokenTypes[id] = types.getOrDefault(id, TokenType.UNUSED);
        }
        List<String[]> merges = merges(model.path("merges"));
        HuggingFacePreTokenizer pre = HuggingFacePreTokenizer.parse(root.path("pre_tokenizer"));
        Map<SpecialRole, Integer> ids = new EnumMap<>(SpecialRole.class);
        boolean addBos = specials(root, config, texts, ids);
        boolean addEos = config != null && config.path("add_eos_token").asBoolean(false);
        return new TokenizerDefinition(tokens, tokenTypes,
                merges.stream().map(m -> m[0]).toArray(String[]::new),
                merges.stream().map(m -> m[1]).toArray(String[]::new),
                "huggingface", pre.regexes(), model.path("ignore_merges").asBoolean(false),
                nfc(root.path("normalizer")), ids, addBos, addEos);
    }

    private static void checkModel(JsonNode model) throws TokenizerFormatException {
        if (!model.path("type").asText("BPE").equals("BPE")) {
            throw new TokenizerFormatException("unsupported tokenizer.json model type '"
                    + model.path("type").asText() + "': only byte-level BPE is implemented");
        }
        if (model.path("byte_fallback").asBoolean(false)) {
            throw new TokenizerFormatException("unsupported tokenizer.json: BPE byte_fallback");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            if (!model.path(affix).asText("").isEmpty()) {
                throw new TokenizerFormatException("unsupported tokenizer.json: BPE " + affix);
            }
        }
    }

    private static List<String[]> merges(JsonNode merges) throws TokenizerFormatException {
        List<String[]> out = new ArrayList<>(merges.size());
        for (JsonNode merge : merges) {
            if (merge.isArray() && merge.size() == 2) {
                out.add(new String[] {merge.get(0).asText(), merge.get(1).asText()});
            } else if (merge.isTextual() && merge.asText().indexOf(' ', 1) > 0) {
                String m = merge.asText();
                int space = m.indexOf(' ', 1);
                out.add(new String[] {m.substring(0, space), m.substring(space + 1)});
            } else {
                throw new TokenizerFormatException("malformed tokenizer.json merge " + merge);
            }
        }
        return out;
    }

    private static boolean nfc(JsonNode normalizer) throws TokenizerFormatException {
        if (normalizer.isMissingNode() || normalizer.isNull()) {
            return false;
        }
        String type = normalizer.path("type").asText();
        if (type.equals("NFC")) {
            return true;
        }
        if (type.equals("Sequence")) {
            boolean nfc = false;
            for (JsonNode n : normalizer.path("normalizers")) {
                nfc |= nfc(n);
            }
            return nfc;
        }
        throw new TokenizerFormatException("unsupported tokenizer.json normalizer '" + type + "'");
    }

    /**
     * Fills role ids; returns whether BOS is added. tokenizer_config.json is authoritative; without it a
     * {@code TemplateProcessing} post-processor that starts with a special token names BOS.
     */
    private static boolean specials(JsonNode root, JsonNode config, Map<Integer, String> texts,
                                    Map<SpecialRole, Integer> ids) {
        Map<String, Integer> byText = new java.util.HashMap<>();
        texts.forEach((id, text) -> byText.put(text, id));
        if (config != null) {
            putRole(config.path("bos_token"), SpecialRole.BOS, byText, ids);
            putRole(config.path("eos_token"), SpecialRole.EOS, byText, ids);
            putRole(config.path("pad_token"), SpecialRole.PAD, byText, ids);
            putRole(config.path("unk_token"), SpecialRole.UNKNOWN, byText, ids);
            return config.path("add_bos_token").asBoolean(false) && ids.containsKey(SpecialRole.BOS);
        }
        JsonNode post = root.path("post_processor");
        if (post.path("type").asText().equals("TemplateProcessing")) {
            JsonNode first = post.path("single").path(0).path("SpecialToken").path("id");
            Optional<Integer> bos = Optional.ofNullable(byText.get(first.asText(null)));
            bos.ifPresent(id -> ids.put(SpecialRole.BOS, id));
            return bos.isPresent();
        }
        return false;
    }

    private static void putRole(JsonNode token, SpecialRole role, Map<String, Integer> byText,
                                Map<SpecialRole, Integer> ids) {
        String text = token.isObject() ? token.path("content").asText(null) : token.asText(null);
        Integer id = text == null ? null : byText.get(text);
        if (id != null) {
            ids.put(role, id);
        }
    }
}
