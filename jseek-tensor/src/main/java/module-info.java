/** Tensor element types and the quantized kernels: dequantization and fused dot products, scalar and vector. */
module io.jseek.tensor {
    requires jdk.incubator.vector;
    requires io.jseek.cpu;
    exports io.jseek.tensor;
}
