package io.jseek.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pre-tokenizers selected by GGUF {@code tokenizer.ggml.pre}, with llama.cpp's regex lists ({@code llama-vocab.cpp},
 * see ../shared/docs/deepseek-spec.md §4.3) translated to {@link java.util.regex}.
 *
 * <p>Translation notes: every list is compiled with {@code UNICODE_CHARACTER_CLASS} because llama.cpp's {@code \s}
 * is Unicode White_Space (Java's default is ASCII); {@code $} of the ECMAScript original becomes {@code \z} (Java's
 * {@code $} would also match before a final line terminator); supplementary ranges use {@code \x{...}}; and
 * {@code \p{L}/\p{N}/\p{P}/\p{S}/\p{M}} keep their Unicode general-category meaning, which also makes {@code ~} a
 * symbol as in Hugging Face (the Feb-2025 llama.cpp ASCII table omits it; no test vector depends on it).
 */
enum PreTokenizerType {
    DEEPSEEK_LLM(List.of("deepseek-llm"), false,
            "[\r\n]",
            "\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF"
                    + "\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1"
                    + "\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD"
                    + "\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D"
                    + "\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4"
                    + "\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC"
                    + "\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128"
                    + "\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B"
                    + "\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787"
                    + "\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A"
                    + "\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}"
                    + "\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]+",
            "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+",
            "\\s+\\z",
            "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
            "\\p{N}+"),
    DEEPSEEK_CODER(List.of("deepseek-coder"), false,
            "[\r\n]",
            "\\s?\\p{L}+",
            "\\s?\\p{P}+",
            "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
            "\\p{N}"),
    DEEPSEEK_V3(List.of("deepseek-v3"), false,
            "\\p{N}{1,3}",
            "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+",
            "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
                    + "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"),
    QWEN2(List.of("qwen2", "deepseek-r1-qwen"), false,
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"),
    LLAMA3(List.of("llama-bpe", "llama3", "llama-v3"), true,
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"),
    GPT2(List.of("gpt-2", "gpt2"), false,
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"),
    DEFAULT(List.of("default"), false,
            "[\\p{P}\\$\\+<=>\\^~\\|]+",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
            "\\p{N}+",
            "[0-9][0-9][0-9]");

    private final List<String> ggufNames;
    private final boolean ignoreMerges;
    private final List<String> regexes;

    PreTokenizerType(List<String> ggufNames, boolean ignoreMerges, String... regexes) {
        this.ggufNames = ggufNames;
        this.ignoreMerges = ignoreMerges;
        this.regexes = List.of(regexes);
    }

    /** The regexes, applied in order, each re-splitting every chunk the previous ones produced. */
    List<String> regexes() {
        return regexes;
    }

    /** llama.cpp's {@code ignore_merges}: a chunk that is itself a vocabulary token is emitted without merging. */
    boolean ignoreMerges() {
        return ignoreMerges;
    }

    List<String> ggufNames() {
        return ggufNames;
    }

    /** The type llama.cpp selects for a {@code tokenizer.ggml.pre} value. */
    static Optional<PreTokenizerType> fromGguf(String name) {
        return Arrays.stream(values()).filter(t -> t.ggufNames.contains(name)).findFirst();
    }

    /** All accepted {@code tokenizer.ggml.pre} values, for error messages. */
    static String knownNames() {
        return Arrays.stream(values()).flatMap(t -> t.ggufNames.stream()).collect(Collectors.joining(", "));
    }
}
