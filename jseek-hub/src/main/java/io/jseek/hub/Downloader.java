package io.jseek.hub;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file so that it survives interruptions and never leaves a bad file in place.
 *
 * <p>The bytes go into {@code file.part}; a later run (or a retry after a dropped connection) asks for the rest
 * with {@code Range: bytes=N-}. The SHA-256 is computed while writing, after re-reading the bytes already on disk
 * when resuming, so a multi-gigabyte file is read once, not twice. Only a file whose size and hash match is
 * renamed into place; a mismatch deletes the part file, since resuming from bad bytes would fail again. A lock
 * on the part file keeps two pulls of the same model from writing into it at once.
 *
 * <p>Connection failures and 5xx answers are retried with a growing pause; the count of attempts starts over
 * whenever an attempt made progress, so a long download over a flaky link keeps going as long as it advances.
 */
public final class Downloader {
    private static final int BUFFER = 1 << 20;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubHttp http;
    private final int maxAttempts;
    private final Duration retryDelay;

    Downloader(HubHttp http, int maxAttempts, Duration retryDelay) {
        this.http = http;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    /** Fetches {@code d} into {@code d.target()}, resuming from its part file when there is one. */
    public void download(Download d, DownloadProgress progress) throws IOException {
        Path part = d.partFile();
        Files.createDirectories(part.toAbsolutePath().getParent());
        String failure;
        try (FileChannel channel = FileChannel.open(part, CREATE, READ, WRITE)) {
            lock(channel, d);
            try {
                Transfer t = new Transfer(d, channel);
                t.resumeFromDisk();
                checkSpace(d, t.position);
                progress.start(label(d), d.size(), t.position);
                fetchWithRetries(t, progress);
                failure = t.verify();
                channel.force(true);
            } catch (IOException e) {
                deleteIfEmpty(part, channel);
                throw e;
            }
        }
        if (failure != null) {
            Files.deleteIfExists(part);
            throw new HubException(failure);
        }
        Files.move(part, d.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.finish();
    }

    /** A part file that holds nothing has nothing to resume: a failed first request leaves no trace. */
    private static void deleteIfEmpty(Path part, FileChannel locked) {
        try {
            if (locked.size() == 0) {
                Files.delete(part);
            }
        } catch (IOException e) {
            // Not deletable while open on some systems: the next pull resumes from it (at 0) instead.
        }
    }

    /** Locks the part file until {@code channel} is closed. */
    private static void lock(FileChannel channel, Download d) throws IOException {
        try {
            if (channel.tryLock() != null) {
                return;
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process: same answer as for another process.
        }
        throw new HubException("another jseek pull is downloading " + label(d) + " right now");
    }

    private static void checkSpace(Download d, long have) throws IOException {
        if (d.size() < 0) {
            return;
        }
        long usable = Files.getFileStore(d.partFile()).getUsableSpace();
        if (usable < d.size() - have) {
            throw new HubException("not enough disk space for " + label(d) + " in " + d.target().getParent()
                    + ": needs " + Units.bytes(d.size() - have) + ", " + Units.bytes(usable) + " free");
        }
    }

    private void fetchWithRetries(Transfer t, DownloadProgress progress) throws IOException {
        int failures = 0;
        while (true) {
            long before = t.position;
            try {
                fetch(t, progress);
                return;
            } catch (IOException e) {
                boolean retryable = e instanceof HubException h
                        ? h.retryable()
                        : !(e instanceof InterruptedIOException);
                failures = t.position > before ? 1 : failures + 1;
                if (!retryable) {
                    throw e;
                }
                if (failures >= maxAttempts) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    HubException giveUp = new HubException("download of " + label(t.d) + " failed " + failures
                            + " times in a row (" + why + "); run the pull again to resume it");
                    giveUp.initCause(e);
                    throw giveUp;
                }
                pause(failures);
            }
        }
    }

    private void pause(int failures) throws InterruptedIOException {
        try {
            Thread.sleep(retryDelay.multipliedBy(failures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download interrupted");
        }
    }

    /** One GET, resuming at the current position; throws on anything short of the whole rest of the file. */
    private void fetch(Transfer t, DownloadProgress progress) throws IOException {
        if (t.expected >= 0 && t.position == t.expected) {
            return;
        }
        HttpResponse<InputStream> response = http.get(t.d.uri(), t.position > 0 ? "bytes=" + t.position + "-" : null);
        try (InputStream body = response.body()) {
            switch (response.statusCode()) {
                case 200 -> {
                    if (t.position > 0) {
                        // The server ignored the Range header: start over rather than append a second copy.
                        t.restart();
                        progress.start(label(t.d), t.expected, 0);
                    }
                    t.learnTotal(response.headers().firstValueAsLong("Content-Length").orElse(-1));
                }
                case 206 -> acceptPartial(t, response.headers());
                case 416 -> {
                    t.restart();
                    throw new HubException("the server refused to resume " + label(t.d) + "; starting over", true);
                }
                default -> throw HubErrors.of(response.statusCode(), response.headers(), t.d.uri().toString(),
                        http.hasToken());
            }
            t.copy(body, progress);
        }
        if (t.expected >= 0 && t.position < t.expected) {
            throw new HubException("connection closed after " + t.position + " of " + t.expected + " bytes", true);
        }
    }

    private static void acceptPartial(Transfer t, HttpHeaders headers) throws IOException {
        Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
        if (!m.matches() || Long.parseLong(m.group(1)) != t.position) {
            t.restart();
            throw new HubException("the server resumed " + label(t.d) + " at the wrong offset; starting over", true);
        }
        if (!m.group(3).equals("*")) {
            t.learnTotal(Long.parseLong(m.group(3)));
        }
    }

    private static String label(Download d) {
        return d.target().getFileName().toString();
    }

    /** The state of one file's download: where the part file ends and the hash of what it holds. */
    private static final class Transfer {
        final Download d;
        final FileChannel channel;
        final MessageDigest digest;
        long expected;
        long position;

        Transfer(Download d, FileChannel channel) {
            this.d = d;
            this.channel = channel;
            this.digest = d.sha256() == null ? null : sha256();
            this.expected = d.size();
        }

        void resumeFromDisk() throws IOException {
            long have = channel.size();
            if (expected >= 0 && have > expected) {
                channel.truncate(0);
                have = 0;
            }
            if (digest != null) {
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
                for (long at = 0; at < have; ) {
                    buffer.clear().limit((int) Math.min(BUFFER, have - at));
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new IOException("part file shrank while reading it: " + d.partFile());
                    }
                    digest.update(buffer.flip());
                    at += n;
                }
            }
            position = have;
        }

        void restart() throws IOException {
            channel.truncate(0);
            position = 0;
            if (digest != null) {
                digest.reset();
            }
        }

        /** Checks a size the server announces against the one the hub listed, or takes it when none was listed. */
        void learnTotal(long total) throws HubException {
            if (total < 0) {
                return;
            }
            if (expected < 0) {
                expected = total;
            } else if (total != expected) {
                throw new HubException("the server has " + total + " bytes for " + label(d) + " but the hub lists "
                        + expected + "; the repo may have changed, pull again");
            }
        }

        void copy(InputStream in, DownloadProgress progress) throws IOException {
            byte[] bytes = new byte[BUFFER];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            for (int n; (n = in.read(bytes)) != -1; ) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                if (digest != null) {
                    digest.update(bytes, 0, n);
                }
                progress.advance(n);
                if (expected >= 0 && position > expected) {
                    throw new HubException("the server sent more than the " + expected + " bytes of " + label(d));
                }
            }
        }

        /** Null when the file is good, else why it is not. */
        String verify() {
            if (expected >= 0 && position != expected) {
                return "size mismatch for " + label(d) + ": " + position + " bytes instead of " + expected
                        + "; the partial download was deleted";
            }
            if (digest != null) {
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equalsIgnoreCase(d.sha256())) {
                    return "checksum mismatch for " + label(d) + ": SHA-256 " + actual + ", expected " + d.sha256()
                            + "; the partial download was deleted, pull again";
                }
            }
            return null;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
