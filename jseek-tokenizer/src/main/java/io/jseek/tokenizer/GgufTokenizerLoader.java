package io.jseek.tokenizer;

import io.jseek.gguf.GgufFile;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads a byte-level BPE tokenizer from GGUF metadata (docs §4.1–4.2): {@code tokenizer.ggml.model} must be
 * {@code gpt2}; {@code tokenizer.ggml.pre} selects the pre-tokenizer (absent: llama.cpp's {@code default});
 * merges are {@code "left right"} split at the first space after position 0, exactly as llama.cpp does, so a merge
 * whose left part is a space-like token survives.
 *
 * <p>Deliberate difference: llama.cpp gives BPE vocabularies without {@code bos/eos_token_id} the GPT-2 default 11;
 * here such roles stay absent, since token 11 is an ordinary token in every DeepSeek vocabulary.
 */
final class GgufTokenizerLoader {
    private GgufTokenizerLoader() {
    }

    static TokenizerDefinition read(GgufFile gguf) throws IOException {
        String model = gguf.getString("tokenizer.ggml.model");
        if (!model.equals("gpt2")) {
            throw new TokenizerFormatException("unsupported tokenizer.ggml.model '" + model
                    + "': only \"gpt2\" (byte-level BPE, the DeepSeek family) is implemented");
        }
        String pre = gguf.findString("tokenizer.ggml.pre").orElse("default");
        PreTokenizerType type = PreTokenizerType.fromGguf(pre).orElseThrow(() -> new TokenizerFormatException(
                "unknown pre-tokenizer type '" + pre + "' (tokenizer.ggml.pre); known: "
                        + PreTokenizerType.knownNames()));
        String[] tokens = gguf.getStringArray("tokenizer.ggml.tokens");
        TokenType[] types = tokenTypes(gguf, tokens.length);
        String[] merges = gguf.getStringArray("tokenizer.ggml.merges");
        String[] left = new String[merges.length];
        String[] right = new String[merges.length];
        for (int i = 0; i < merges.length; i++) {
            int space = merges[i].indexOf(' ', 1);
            if (space < 0) {
                throw new TokenizerFormatException("tokenizer.ggml.merges[" + i + "] = '" + merges[i]
                        + "' has no separating space");
            }
            left[i] = merges[i].substring(0, space);
            right[i] = merges[i].substring(space + 1);
        }
        boolean addBos = gguf.findBoolean("tokenizer.ggml.add_bos_token").orElse(type == PreTokenizerType.LLAMA3);
        boolean addEos = gguf.findBoolean("tokenizer.ggml.add_eos_token").orElse(false);
        return new TokenizerDefinition(tokens, types, left, right, pre, type.regexes(), type.ignoreMerges(), false,
                specialIds(gguf), addBos, addEos);
    }

    private static TokenType[] tokenTypes(GgufFile gguf, int count) throws IOException {
        TokenType[] types = new TokenType[count];
        if (!gguf.has("tokenizer.ggml.token_type")) {
            java.util.Arrays.fill(types, TokenType.NORMAL);
            return types;
        }
        int[] codes = gguf.getIntArray("tokenizer.ggml.token_type");
        if (codes.length != count) {
            throw new TokenizerFormatException("tokenizer.ggml.token_type has " + codes.length + " entries for "
                    + count + " tokens");
        }
        for (int i = 0; i < count; i++) {
            types[i] = TokenType.fromGguf(codes[i]);
        }
        return types;
    }

    private static Map<SpecialRole, Integer> specialIds(GgufFile gguf) throws IOException {
        Map<SpecialRole, Integer> ids = new EnumMap<>(SpecialRole.class);
        for (SpecialRole role : SpecialRole.values()) {
            OptionalLong id = gguf.findLong(role.ggufKey());
            if (id.isPresent()) {
                ids.put(role, (int) id.getAsLong());
            }
        }
        legacyFim(gguf, ids, SpecialRole.FIM_PREFIX, "tokenizer.ggml.prefix_token_id");
        legacyFim(gguf, ids, SpecialRole.FIM_SUFFIX, "tokenizer.ggml.suffix_token_id");
        legacyFim(gguf, ids, SpecialRole.FIM_MIDDLE, "tokenizer.ggml.middle_token_id");
        return ids;
    }

    /** Older converters wrote FIM ids under prefix/suffix/middle keys. */
    private static void legacyFim(GgufFile gguf, Map<SpecialRole, Integer> ids, SpecialRole role, String key)
            throws IOException {
        OptionalLong id = gguf.findLong(key);
        if (id.isPresent() && !ids.containsKey(role)) {
            ids.put(role, (int) id.getAsLong());
        }
    }
}
