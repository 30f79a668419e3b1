package io.jseek.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a tokenizer.json {@code pre_tokenizer} into the regex list of a {@link PreTokenizer}.
 *
 * <p>{@code Split} patterns are Oniguruma regexes; for the constructs these files use ({@code \p{..}}, {@code \s},
 * {@code (?i:..)}, {@code (?!..)}, character classes) Java's syntax is the same, and compiling with
 * {@code UNICODE_CHARACTER_CLASS} gives {@code \s} its Unicode meaning as in Oniguruma. {@code ByteLevel} only
 * contributes a regex when {@code use_regex} is set (the GPT-2 pattern, with HF's trailing {@code \s+}); its byte
 * mapping is implicit in the BPE. Only {@code Isolated} splitting is supported: it is what every DeepSeek and Qwen
 * file uses, and the semantics {@link PreTokenizer} implements.
 */
record HuggingFacePreTokenizer(List<String> regexes) {
    private static final String GPT2_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    static HuggingFacePreTokenizer parse(JsonNode node) throws TokenizerFormatException {
        List<String> regexes = new ArrayList<>();
        collect(node, regexes);
        for (String regex : regexes) {
            try {
                Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
            } catch (PatternSyntaxException e) {
                throw new TokenizerFormatException("tokenizer.json pre-tokenizer regex not supported by Java: "
                        + regex, e);
            }
        }
        return new HuggingFacePreTokenizer(List.copyOf(regexes));
    }

    private static void collect(JsonNode node, List<String> regexes) throws TokenizerFormatException {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        String type = node.path("type").asText();
        switch (type) {
            case "Sequence" -> {
                for (JsonNode child : node.path("pretokenizers")) {
                    collect(child, regexes);
                }
            }
            case "Split" -> regexes.add(split(node));
            case "ByteLevel" -> {
                if (node.path("add_prefix_space").asBoolean(false)) {
                    throw new TokenizerFormatException("unsupported tokenizer.json: ByteLevel add_prefix_space");
                }
                if (node.path("use_regex").asBoolean(true)) {
                    regexes.add(GPT2_REGEX);
                }
            }
            default -> throw new TokenizerFormatException("unsupported tokenizer.json pre-tokenizer '" + type + "'");
        }
    }

    private static String split(JsonNode node) throws TokenizerFormatException {
        if (!node.path("behavior").asText().equals("Isolated") || node.path("invert").asBoolean(false)) {
            throw new TokenizerFormatException("unsupported tokenizer.json Split: behavior "
                    + node.path("behavior").asText() + ", invert " + node.path("invert").asBoolean(false));
        }
        JsonNode pattern = node.path("pattern");
        if (pattern.has("Regex")) {
            return pattern.get("Regex").asText();
        }
        if (pattern.has("String")) {
            return Pattern.quote(pattern.get("String").asText());
        }
        throw new TokenizerFormatException("tokenizer.json Split without a pattern: " + node);
    }
}
