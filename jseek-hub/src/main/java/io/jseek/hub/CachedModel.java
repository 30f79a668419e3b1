package io.jseek.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A model in the local cache: one GGUF, or the parts of a split set, possibly still being downloaded.
 *
 * @param repo     {@code owner/repo} on the hub ({@code url/host} for files pulled by URL)
 * @param quant    the quant tag, or the file stem when the name carries none
 * @param files    the complete files, part 1 first
 * @param partials {@code .part} files of downloads that did not finish
 * @param parts    how many parts the set has
 * @param size     bytes on disk, partial downloads included
 */
public record CachedModel(String repo, String quant, List<Path> files, List<Path> partials, int parts, long size) {
    public CachedModel {
        files = List.copyOf(files);
        partials = List.copyOf(partials);
    }

    /** {@code owner/repo:QUANT}: what {@code jseek rm} and {@code --model} accept. */
    public String name() {
        return repo + ":" + quant;
    }

    /** The file to open: the single file, or part 1 of a split set (the GGUF reader finds the others). */
    public Path path() {
        return files.isEmpty() ? partials.getFirst() : files.getFirst();
    }

    /** All parts are there and none is still downloading. */
    public boolean complete() {
        return partials.isEmpty() && files.size() == parts;
    }
}
