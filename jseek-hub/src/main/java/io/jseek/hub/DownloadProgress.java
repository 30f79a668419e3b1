package io.jseek.hub;

/**
 * Hears how a download goes, to draw a progress bar. Calls come from the downloading thread, in order:
 * {@code start}, any number of {@code advance}, then {@code finish} (or nothing more after a failure);
 * {@code start} comes again when a server ignores a resume request and the file starts over.
 */
public interface DownloadProgress {
    /** Hears nothing. */
    DownloadProgress NONE = new DownloadProgress() {
    };

    /**
     * @param label   the file name
     * @param total   the full size in bytes, or -1 when unknown
     * @param resumed bytes already on disk from an earlier, interrupted download
     */
    default void start(String label, long total, long resumed) {
    }

    /** {@code bytes} more bytes were written. */
    default void advance(long bytes) {
    }

    /** The file is complete and verified. */
    default void finish() {
    }

    /** The file was already pulled; nothing was downloaded. */
    default void present(String label, long size) {
    }
}
