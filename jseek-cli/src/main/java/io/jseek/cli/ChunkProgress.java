package io.jseek.cli;

import io.jseek.hub.Units;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code jseek perplexity}'s progress on stderr: chunks done, tokens per second, time left and the running perplexity.
 * On a terminal one line is redrawn in place; otherwise (a log file, CI) one line per chunk.
 */
final class ChunkProgress {
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final int chunks;
    private final int tokensPerChunk;
    private final long startNanos = System.nanoTime();
    private int lastWidth;

    ChunkProgress(PrintWriter err, boolean terminal, int chunks, int tokensPerChunk) {
        this.err = err;
        this.terminal = terminal;
        this.chunks = chunks;
        this.tokensPerChunk = tokensPerChunk;
    }

    /** Chunk {@code done} (1-based) finished; {@code ppl} is the estimate so far. */
    void chunkDone(int done, double ppl) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = done * (double) tokensPerChunk / seconds;
        int filled = BAR_WIDTH * done / chunks;
        String line = String.format(Locale.ROOT, "chunk %d/%d [%s%s] %.1f tok/s  ETA %s  ppl %.4f", done, chunks,
                "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), rate,
                Units.duration((long) ((chunks - done) * tokensPerChunk / rate)), ppl);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            if (done == chunks) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }
}
