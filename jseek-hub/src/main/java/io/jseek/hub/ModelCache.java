package io.jseek.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder of pulled models: {@code models/{owner}/{repo}/{file}}, plus {@code models/url/{host}/{file}} for
 * files pulled by URL.
 *
 * <p>The layout is the whole database: a model is listed by reading the folder and grouping its GGUF files by
 * the naming conventions of {@link GgufFileName}, so files copied in by hand show up too and nothing can get out
 * of step. Files are stored flat under the repo folder, without the repo's subfolders, because a split model's
 * parts must sit side by side for the GGUF reader to find them.
 */
public final class ModelCache {
    private static final String PART = ".part";
    private static final String URL_FOLDER = "url";

    private final Path modelsDir;

    public ModelCache(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** Where a hub file goes. */
    public Path fileFor(String repo, String repoPath) {
        ModelRef checked = new ModelRef(repo, null);
        return modelsDir.resolve(checked.owner()).resolve(checked.name())
                .resolve(repoPath.substring(repoPath.lastIndexOf('/') + 1));
    }

    /** Where a file pulled by URL goes: the hub's own URLs keep their repo, others go under {@code url/host}. */
    public Path fileFor(URI url) {
        String path = url.getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (file.isEmpty() || file.equals("..") || file.equals(".")) {
            throw new IllegalArgumentException("no file name in " + url);
        }
        String[] segments = path.split("/");
        if (segments.length >= 6 && segments[3].equals("resolve")
                && ModelRef.looksLikeRef(segments[1] + "/" + segments[2])) {
            return fileFor(segments[1] + "/" + segments[2], file);
        }
        return modelsDir.resolve(URL_FOLDER).resolve(url.getHost() == null ? "local" : url.getHost()).resolve(file);
    }

    /** All pulled models, complete or not, by name. */
    public List<CachedModel> list() throws IOException {
        List<CachedModel> models = new ArrayList<>();
        if (!Files.isDirectory(modelsDir)) {
            return models;
        }
        try (Stream<Path> owners = Files.list(modelsDir)) {
            for (Path owner : owners.filter(Files::isDirectory).toList()) {
                try (Stream<Path> repos = Files.list(owner)) {
                    for (Path repo : repos.filter(Files::isDirectory).toList()) {
                        models.addAll(modelsIn(owner.getFileName() + "/" + repo.getFileName(), repo));
                    }
                }
            }
        }
        models.sort(Comparator.comparing(m -> m.name().toLowerCase(Locale.ROOT)));
        return models;
    }

    /** The pulled models of {@code ref}'s repo with its quant (all of the repo's when the quant is null). */
    public List<CachedModel> matching(ModelRef ref) throws IOException {
        return list().stream()
                .filter(m -> m.repo().equalsIgnoreCase(ref.repo()))
                .filter(m -> ref.quant() == null || m.quant().equalsIgnoreCase(ref.quant()))
                .toList();
    }

    /**
     * The complete pulled model for {@code ref}; without a quant, the repo's only one, else its Q4_K_M.
     *
     * @throws HubException when several quants of the repo are pulled and none is the default
     */
    public Optional<CachedModel> find(ModelRef ref) throws IOException {
        List<CachedModel> complete = matching(ref).stream().filter(CachedModel::complete).toList();
        if (complete.size() <= 1) {
            return complete.stream().findFirst();
        }
        Optional<CachedModel> preferred = complete.stream()
                .filter(m -> m.quant().equalsIgnoreCase(QuantSelector.DEFAULT_QUANT)).findFirst();
        if (preferred.isPresent()) {
            return preferred;
        }
        throw new HubException("several quants of " + ref.repo() + " are pulled, name one: "
                + String.join(", ", complete.stream().map(CachedModel::name).toList()));
    }

    /** Deletes a model's files, its partial downloads, and the folders left empty; returns what was deleted. */
    public List<Path> remove(CachedModel model) throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (Path p : Stream.concat(model.files().stream(), model.partials().stream()).toList()) {
            if (Files.deleteIfExists(p)) {
                deleted.add(p);
            }
        }
        Path repoDir = model.path().getParent();
        deleteIfEmpty(repoDir);
        deleteIfEmpty(repoDir.getParent());
        return deleted;
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // Other models still live there.
        }
    }

    private static List<CachedModel> modelsIn(String repo, Path dir) throws IOException {
        Map<String, List<Path>> files = new TreeMap<>();
        Map<String, List<Path>> partials = new TreeMap<>();
        Map<String, GgufFileName> names = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(Files::isRegularFile).sorted().toList()) {
                String fileName = p.getFileName().toString();
                boolean partial = fileName.endsWith(PART);
                String target = partial ? fileName.substring(0, fileName.length() - PART.length()) : fileName;
                Optional<GgufFileName> name = GgufFileName.parse(target);
                if (name.isEmpty() && repo.startsWith(URL_FOLDER + "/") && !target.isEmpty()) {
                    // A URL pull keeps the URL's file name, .gguf or not (as ModelPuller.pullUrl names it).
                    name = Optional.of(GgufFileName.plain(target));
                }
                if (name.isEmpty()) {
                    continue;
                }
                String key = name.get().stem() + "\u0000" + name.get().parts();
                names.putIfAbsent(key, name.get());
                (partial ? partials : files).computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        }
        List<CachedModel> models = new ArrayList<>();
        for (Map.Entry<String, GgufFileName> e : names.entrySet()) {
            List<Path> complete = files.getOrDefault(e.getKey(), List.of());
            List<Path> partial = partials.getOrDefault(e.getKey(), List.of());
            long size = 0;
            for (Path p : Stream.concat(complete.stream(), partial.stream()).toList()) {
                size += Files.size(p);
            }
            models.add(new CachedModel(repo, e.getValue().label(), complete, partial, e.getValue().parts(), size));
        }
        return models;
    }
}
