package io.jseek.cli;

import io.jseek.model.KvCacheType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --cache-type f32|f16}: the KV cache's element type, one spelling for run, chat, serve, bench and perplexity
 * (a picocli mixin).
 */
final class CacheTypeFlag {
    @Option(names = "--cache-type", paramLabel = "f32|f16", defaultValue = "f16", converter = Converter.class,
            description = "KV cache element type, the MLA latent cache included: f16 (llama.cpp's default) or f32"
                    + " (exact; for comparing with a full-precision reference) (default: ${DEFAULT-VALUE}).")
    KvCacheType cacheType = KvCacheType.F16;

    /** Parses the flag through {@link KvCacheType#parse}, whose error names the flag. */
    static final class Converter implements ITypeConverter<KvCacheType> {
        @Override
        public KvCacheType convert(String value) {
            return KvCacheType.parse(value);
        }
    }
}
