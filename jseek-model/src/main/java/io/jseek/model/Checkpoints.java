package io.jseek.model;

/**
 * A hook that sees named intermediate buffers of a forward step (llama.cpp's {@code cb(cur, "attn_norm", il)}), for
 * tests that compare a step layer by layer, and for debugging. Called on the inference thread with the live buffer:
 * copy what you keep. Names follow llama.cpp: {@code inp_embd, attn_norm, Qcur, Kcur, Vcur, kqv_out, attn_out,
 * ffn_inp, ffn_norm, ffn_moe_logits (the router's logits), ffn_moe_out, ffn_shexp, ffn_out, l_out, result_norm,
 * result_output}; {@code layer} is -1 outside the layers.
 */
@FunctionalInterface
public interface Checkpoints {
    /** The hook that does nothing. */
    Checkpoints NONE = (name, layer, buffer, rows, width) -> { };

    /**
     * {@code buffer[0 .. rows * width)} holds the tensor {@code name} of {@code layer} for the step: one row of
     * {@code width} floats per token of the batch, in batch order ({@code result_norm} and {@code result_output}: one
     * per token that asked for logits).
     */
    void accept(String name, int layer, float[] buffer, int rows, int width);
}
