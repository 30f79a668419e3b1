package io.jseek.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@code --model} value into a GGUF file: an existing path wins, then a pulled model of that name,
 * then (when allowed) a pull.
 *
 * <p>A path is tried first so that a local file called like a short name is never shadowed by the registry.
 * Names are looked up in the cache without touching the network, so that running a pulled model works offline;
 * only a missing one goes to the hub.
 */
public final class ModelResolver {
    private final HubConfig config;
    private final DownloadProgress progress;
    private final ModelCache cache;

    public ModelResolver(HubConfig config, DownloadProgress progress) {
        this.config = config;
        this.progress = progress;
        this.cache = new ModelCache(config.modelsDir());
    }

    /** A resolver configured from {@code HF_ENDPOINT}, {@code JSEEK_HOME} and {@code HF_TOKEN}. */
    public static ModelResolver fromEnvironment(Map<String, String> env, DownloadProgress progress) {
        return new ModelResolver(HubConfig.fromEnvironment(env), progress);
    }

    /**
     * @param fileOrName    a GGUF path, a short name ({@code deepseek-r1:1.5b}), {@code owner/repo[:QUANT]} or a URL;
     *                      null or blank means {@link ModelRegistry#DEFAULT_MODEL}
     * @param pullIfMissing whether to download a model that is not in the cache
     * @return the GGUF file to open (part 1 of a split model)
     * @throws NoSuchFileException when the model is not pulled and {@code pullIfMissing} is false
     */
    public Path resolve(String fileOrName, boolean pullIfMissing) throws IOException {
        String name = fileOrName == null || fileOrName.isBlank() ? ModelRegistry.DEFAULT_MODEL : fileOrName.strip();
        Optional<Path> file = existingFile(name);
        if (file.isPresent()) {
            return file.get();
        }
        if (ModelPuller.isUrl(name)) {
            return resolveUrl(name, pullIfMissing);
        }
        checkNotAMissingPath(name);
        ModelRef ref = ModelRegistry.toRef(name);
        Optional<CachedModel> cached = cache.find(ref);
        if (cached.isPresent()) {
            return cached.get().path();
        }
        if (!pullIfMissing) {
            throw new NoSuchFileException(name, null, "no such file, and not pulled: run jseek pull " + name);
        }
        try (ModelPuller puller = new ModelPuller(config, progress)) {
            return puller.pull(ref).path();
        }
    }

    private Path resolveUrl(String url, boolean pullIfMissing) throws IOException {
        URI uri = URI.create(url);
        Path target = cache.fileFor(uri);
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (!pullIfMissing) {
            throw new NoSuchFileException(url, null, "not pulled: run jseek pull " + url);
        }
        try (ModelPuller puller = new ModelPuller(config, progress)) {
            return puller.pullUrl(uri, null).path();
        }
    }

    /** A folder, or a {@code .gguf} name that is no file, is a path gone wrong rather than a model name. */
    private static void checkNotAMissingPath(String name) throws IOException {
        try {
            if (Files.isDirectory(Path.of(name))) {
                throw new IOException(name + " is a folder, not a GGUF file");
            }
        } catch (InvalidPathException e) {
            return;
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            throw new NoSuchFileException(name, null, "no such GGUF file");
        }
    }

    private static Optional<Path> existingFile(String name) {
        try {
            Path p = Path.of(name);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            // Names like "deepseek-r1:1.5b" are not valid paths on Windows; they are names, then.
            return Optional.empty();
        }
    }
}
