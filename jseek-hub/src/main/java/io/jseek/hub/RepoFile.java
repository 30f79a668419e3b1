package io.jseek.hub;

/**
 * One file of a hub repository, as the tree API lists it.
 *
 * @param path   the path inside the repository, e.g. {@code Q4_K_M/DeepSeek-R1-Q4_K_M-00001-of-00009.gguf}
 * @param size   its size in bytes
 * @param sha256 the SHA-256 the hub publishes for LFS files ({@code lfs.oid}), lower-case hex, or null
 */
public record RepoFile(String path, long size, String sha256) {
    /** The last path segment. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
