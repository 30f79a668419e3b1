package io.jseek.cli;

import io.jseek.tensor.Kernels;
import picocli.CommandLine.Option;

/** {@code --kernels auto|java|native}, shared by the commands that run a model (a picocli mixin). */
final class KernelsFlag {
    @Option(names = "--kernels", paramLabel = "auto|java|native", defaultValue = "auto",
            description = "Weight kernels: native int8 (AVX2/AVX-512 VNNI) where built and supported, java (Vector"
                    + " API), or auto, native when it can run (default: ${DEFAULT-VALUE}).")
    String kernels;

    /** Selects the kernels for this JVM; an impossible choice is one clear error naming the flag. */
    void apply() {
        Kernels.select(Kernels.parse(kernels, "--kernels"));
    }
}
