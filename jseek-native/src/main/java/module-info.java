/** Native int8 kernels (C, AVX2 / AVX-512 VNNI) called through FFM, with their loader and argument checks. */
module io.jseek.cpu {
    exports io.jseek.cpu;
}
