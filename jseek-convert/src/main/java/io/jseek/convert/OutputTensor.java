package io.jseek.convert;

/**
 * One tensor of the GGUF being written.
 *
 * @param name GGUF name
 * @param ne GGUF shape, ne0 (the row length) first
 * @param rows its values
 * @param alwaysF32 stays F32 whatever the requested type (norms, router, biases: llama.cpp's rule)
 */
record OutputTensor(String name, long[] ne, RowSource rows, boolean alwaysF32) {
    static OutputTensor of(String name, long[] ne, RowSource rows) {
        boolean f32 = ne.length <= 1 || name.endsWith("_norm.weight") || name.contains("ffn_gate_inp")
                || !name.endsWith(".weight");
        return new OutputTensor(name, ne, rows, f32);
    }

    long elements() {
        long n = 1;
        for (long d : ne) {
            n *= d;
        }
        return n;
    }
}
