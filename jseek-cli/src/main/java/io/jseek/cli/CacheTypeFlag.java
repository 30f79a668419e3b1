package io.jseek.cli;

import io.jseek.model.KvCacheType;
import picocli.CommandLine.Option;

/**
 * {@code --cache-type f32|f16|q8_0}: the KV cache's element type, one spelling for run, chat, serve, bench and perplexity
 * (a picocli mixin). Kept as text and parsed when the command runs, so a bad value gets jseek's one-line error
 * rather than the usage screen.
 */
final class CacheTypeFlag {
    @Option(names = "--cache-type", paramLabel = "f32|f16|q8_0", defaultValue = "f16",
            description = "What the KV cache (the MLA latent cache included) rounds values through, as llama.cpp's"
                    + " cache types: f16 (llama.cpp's default), q8_0 (8-bit blocks of 32) or f32 (exact; for comparing"
                    + " with a full-precision reference). jseek holds floats either way (default: ${DEFAULT-VALUE}).")
    String value = "f16";

    /** The parsed type; an error naming the flag for anything but f32, f16 and q8_0. */
    KvCacheType type() {
        return KvCacheType.parse(value);
    }
}
