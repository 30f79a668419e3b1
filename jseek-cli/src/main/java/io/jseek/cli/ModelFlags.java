package io.jseek.cli;

import io.jseek.hub.ProgressBar;
import io.jseek.model.ModelOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of every command that loads a model: which model, on how many threads, with which kernels, locked or
 * not, and the KV cache's element type. A picocli mixin, so run, chat, bench, perplexity and serve spell and document
 * them once.
 */
final class ModelFlags {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "GGUF file or model name (deepseek-r1:1.5b, owner/repo[:QUANT]); pulled when missing."
                    + " Default: deepseek-r1:1.5b.")
    String model;

    @Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Mixin
    KernelsFlag kernels = new KernelsFlag();

    @Option(names = "--mlock", description = "Lock the weights in RAM so the OS never pages them out (mlock).")
    boolean mlock;

    @Mixin
    CacheTypeFlag cache = new CacheTypeFlag();

    /** Selects the kernels, then resolves the model to a GGUF file (a pull's progress on {@code err}). */
    Path resolve(PrintWriter err) throws IOException {
        kernels.apply();
        return ModelFiles.resolve(model, new ProgressBar(err, false), err);
    }

    /** The load options these flags ask for. */
    ModelOptions options() {
        return ModelOptions.onThreads(threads.value()).withLockMemory(mlock).withCacheType(cache.type());
    }
}
