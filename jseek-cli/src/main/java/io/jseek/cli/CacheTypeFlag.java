package io.jseek.cli;

import io.jseek.model.KvCacheType;
import picocli.CommandLine.Option;

/**
 * {@code --cache-type f32|f16}: the KV cache's element type, one spelling for run, chat, serve, bench and perplexity
 * (a picocli mixin). Kept as text and parsed when the command runs, so a bad value gets jseek's one-line error
 * rather than the usage screen.
 */
final class CacheTypeFlag {
    @Option(names = "--cache-type", paramLabel = "f32|f16", defaultValue = "f16",
            description = "KV cache element type, the MLA latent cache included: f16 (llama.cpp's default) or f32"
                    + " (exact; for comparing with a full-precision reference) (default: ${DEFAULT-VALUE}).")
    String value = "f16";

    /** The parsed type; an error naming the flag for anything but f32 and f16. */
    KvCacheType type() {
        return KvCacheType.parse(value);
    }
}
