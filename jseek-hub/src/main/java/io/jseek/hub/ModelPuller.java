package io.jseek.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jseek pull}: brings a model from the hub (or any URL) into the cache.
 *
 * <p>A hub pull lists the repo, picks the quant's file set, and downloads each part that is not already
 * complete on disk; a file of the listed size is trusted without re-hashing, because it was verified before it
 * got its final name. The listing is fetched even when everything is present, so that a pull also reports a
 * missing quant or a gated repo the same way whether or not something is cached.
 */
public final class ModelPuller implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final HttpClient client;
    private final HubClient hub;
    private final Downloader downloader;
    private final ModelCache cache;
    private final DownloadProgress progress;

    public ModelPuller(HubConfig config, DownloadProgress progress) {
        this(config, progress, RETRY_DELAY);
    }

    ModelPuller(HubConfig config, DownloadProgress progress, Duration retryDelay) {
        this.client = HubHttp.newClient();
        HubHttp http = new HubHttp(client, config.token());
        this.hub = new HubClient(config.endpoint(), http);
        this.downloader = new Downloader(http, MAX_ATTEMPTS, retryDelay);
        this.cache = new ModelCache(config.modelsDir());
        this.progress = progress;
    }

    /** Pulls a short name, {@code owner/repo[:QUANT]}, or an {@code http(s)://} URL (without checksum). */
    public CachedModel pull(String name) throws IOException {
        if (isUrl(name)) {
            return pullUrl(URI.create(name), null);
        }
        return pull(ModelRegistry.toRef(name));
    }

    /** Pulls the quant of a hub repo ({@link QuantSelector} picks one when {@code ref} names none). */
    public CachedModel pull(ModelRef ref) throws IOException {
        List<RepoFile> files = hub.listFiles(ref.repo());
        QuantSelection selection = QuantSelector.select(ref.repo(), files, ref.quant());
        List<Path> targets = new ArrayList<>();
        for (RepoFile f : selection.files()) {
            Path target = cache.fileFor(ref.repo(), f.path());
            if (Files.isRegularFile(target) && Files.size(target) == f.size()) {
                progress.present(f.fileName(), f.size());
            } else {
                downloader.download(new Download(hub.fileUri(ref.repo(), f.path()), target, f.size(), f.sha256()),
                        progress);
            }
            targets.add(target);
        }
        return new CachedModel(ref.repo(), selection.quant(), targets, List.of(), targets.size(), selection.size());
    }

    /**
     * Downloads a GGUF from any URL; a file already pulled from the same URL is kept as is.
     *
     * @param sha256 the expected SHA-256 in hex, or null to skip the check
     */
    public CachedModel pullUrl(URI url, String sha256) throws IOException {
        if (!isUrl(url.toString())) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        Path target = cache.fileFor(url);
        if (Files.isRegularFile(target)) {
            progress.present(target.getFileName().toString(), Files.size(target));
        } else {
            downloader.download(new Download(url, target, -1, sha256), progress);
        }
        GgufFileName name = GgufFileName.parse(target.getFileName().toString())
                .orElse(GgufFileName.plain(target.getFileName().toString()));
        String repo = cache.modelsDir().relativize(target.getParent()).toString().replace('\\', '/');
        return new CachedModel(repo, name.label(), List.of(target), List.of(), 1, Files.size(target));
    }

    static boolean isUrl(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    @Override
    public void close() {
        client.close();
    }
}
