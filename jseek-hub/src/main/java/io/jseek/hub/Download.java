package io.jseek.hub;

import java.net.URI;
import java.nio.file.Path;

/**
 * One file to fetch.
 *
 * @param uri    where to GET it (redirects are followed)
 * @param target where it goes; it appears there only once complete and verified
 * @param size   the expected size in bytes, or -1 when unknown
 * @param sha256 the expected SHA-256 in hex, or null to skip the check
 */
public record Download(URI uri, Path target, long size, String sha256) {
    /** The file the bytes go into until they are verified; a later download resumes from it. */
    public Path partFile() {
        return target.resolveSibling(target.getFileName() + ".part");
    }
}
