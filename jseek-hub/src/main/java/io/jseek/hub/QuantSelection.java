package io.jseek.hub;

import java.util.List;

/**
 * The files that make up one quant of a model: a single GGUF, or all parts of a split set in part order.
 *
 * @param quant the quant tag (upper-case), or the file stem when the name carries none
 * @param files the files, part 1 first
 */
public record QuantSelection(String quant, List<RepoFile> files) {
    public QuantSelection {
        files = List.copyOf(files);
    }

    public long size() {
        return files.stream().mapToLong(RepoFile::size).sum();
    }
}
