package io.jseek.tokenizer;

/**
 * Token types as stored in GGUF {@code tokenizer.ggml.token_type} (llama.cpp {@code llama_token_type}).
 *
 * <p>The type decides how a token takes part in encoding and decoding: {@link #CONTROL} tokens are produced from
 * input text only when special tokens are parsed and are rendered only on request; {@link #USER_DEFINED} tokens are
 * always split out of input text and always rendered as their raw text; {@link #NORMAL} tokens are byte-level BPE
 * symbols.
 */
public enum TokenType {
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int ggufCode;

    TokenType(int ggufCode) {
        this.ggufCode = ggufCode;
    }

    /** The integer stored in GGUF files. */
    public int ggufCode() {
        return ggufCode;
    }

    /**
     * Maps a GGUF code to its type; unknown codes (0 = undefined in llama.cpp) count as {@link #NORMAL}, which is
     * how llama.cpp treats them when computing token attributes.
     */
    public static TokenType fromGguf(int code) {
        return switch (code) {
            case 2 -> UNKNOWN;
            case 3 -> CONTROL;
            case 4 -> USER_DEFINED;
            case 5 -> UNUSED;
            case 6 -> BYTE;
            default -> NORMAL;
        };
    }
}
