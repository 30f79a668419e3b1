package io.jseek.model;

/**
 * How RoPE pairs the dimensions of a head (llama.cpp {@code LLAMA_ROPE_TYPE_*}).
 *
 * <p>{@link #NORM} rotates adjacent pairs {@code (x[2i], x[2i+1])}: {@code llama} (whose converter permutes the q/k
 * rows so that this equals Hugging Face's rotate_half) and {@code deepseek2}. {@link #NEOX} rotates
 * {@code (x[i], x[i + nDims/2])}: {@code qwen2}, which keeps the Hugging Face layout.
 */
public enum RopeType {
    NORM,
    NEOX
}
