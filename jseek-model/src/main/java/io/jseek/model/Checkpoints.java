package io.jseek.model;

/**
 * A hook that sees named intermediate buffers of a forward pass (llama.cpp's {@code cb(cur, "attn_norm", il)}), for
 * tests and debugging. Called on the inference thread with the live buffer: copy what you keep. Names follow
 * llama.cpp: {@code inp_embd, attn_norm, Qcur, Kcur, Vcur, kqv_out, attn_out, ffn_inp, ffn_norm, ffn_out, l_out,
 * result_norm, result_output}; {@code layer} is -1 outside the layers.
 */
@FunctionalInterface
public interface Checkpoints {
    /** The hook that does nothing. */
    Checkpoints NONE = (name, layer, buffer, length) -> { };

    /** {@code buffer[0 .. length)} holds the tensor {@code name} of {@code layer} for the current token. */
    void accept(String name, int layer, float[] buffer, int length);
}
