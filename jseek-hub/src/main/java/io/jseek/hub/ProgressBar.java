package io.jseek.hub;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long write on stderr (a download, a conversion): bytes, percent, speed and time left.
 *
 * <p>On a terminal one line is redrawn in place ({@code \r}) at most ten times a second. When stderr goes to a
 * file or a CI log, redrawing would leave thousands of lines, so plain mode prints a line at each tenth of the
 * file, and at least every half minute, whichever comes first. Speed counts only this run's bytes, so that a
 * resumed download does not claim the bytes it found on disk as instant.
 */
public final class ProgressBar implements DownloadProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_NANOS = 30_000_000_000L;
    private static final int BAR_WIDTH = 24;
    private static final int LABEL_WIDTH = 40;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final String verb;

    private String label;
    private long total;
    private long done;
    private long resumed;
    private long startNanos;
    private long lastDrawNanos;
    private int lastTenth;
    private int lastWidth;

    /**
     * @param out      where to draw (stderr)
     * @param terminal whether {@code out} is a terminal that understands {@code \r}
     * @param nanoTime the clock, {@link System#nanoTime} outside tests
     */
    public ProgressBar(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
        this(out, terminal, nanoTime, "pulling");
    }

    /** A bar for other long writes: {@code verb} starts the plain-mode first line ("converting m.gguf (8 GB)"). */
    public ProgressBar(PrintWriter out, boolean terminal, LongSupplier nanoTime, String verb) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.verb = verb;
    }

    public ProgressBar(PrintWriter out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    @Override
    public void start(String label, long total, long resumed) {
        this.label = label;
        this.total = total;
        this.done = resumed;
        this.resumed = resumed;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = startNanos;
        this.lastTenth = tenth();
        this.lastWidth = 0;
        if (!terminal) {
            out.println(verb + " " + label + (total >= 0 ? " (" + Units.bytes(total) + ")" : "")
                    + (resumed > 0 ? ", resuming at " + Units.bytes(resumed) : ""));
            out.flush();
        } else {
            draw();
        }
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        long now = nanoTime.getAsLong();
        boolean due = terminal
                ? now - lastDrawNanos >= REDRAW_NANOS
                : tenth() > lastTenth || now - lastDrawNanos >= PLAIN_NANOS;
        if (due) {
            lastDrawNanos = now;
            lastTenth = tenth();
            draw();
        }
    }

    @Override
    public void finish() {
        long nanos = Math.max(1, nanoTime.getAsLong() - startNanos);
        if (terminal) {
            draw();
            out.println();
        }
        out.println("done " + label + ": " + Units.bytes(done) + " in " + Units.duration(nanos / 1_000_000_000L)
                + " (" + Units.bytes((long) ((done - resumed) * 1e9 / nanos)) + "/s)");
        out.flush();
    }

    @Override
    public void present(String label, long size) {
        out.println("already pulled " + label + " (" + Units.bytes(size) + ")");
        out.flush();
    }

    private int tenth() {
        return total > 0 ? (int) (done * 10 / total) : 0;
    }

    private void draw() {
        String line = line();
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** {@code name  [=======>      ]  45%  512 MB / 1.14 GB  35.2 MB/s  ETA 0:15}. */
    String line() {
        StringBuilder s = new StringBuilder(shortLabel()).append("  ");
        double elapsed = (nanoTime.getAsLong() - startNanos) / 1e9;
        double speed = elapsed > 0 ? (done - resumed) / elapsed : 0;
        if (total > 0) {
            int filled = (int) (BAR_WIDTH * Math.min(1.0, (double) done / total));
            s.append('[').append("=".repeat(filled)).append(filled < BAR_WIDTH ? ">" : "")
                    .append(" ".repeat(Math.max(0, BAR_WIDTH - filled - 1))).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%  ", done * 100 / total))
                    .append(Units.bytes(done)).append(" / ").append(Units.bytes(total));
        } else {
            s.append(Units.bytes(done));
        }
        s.append("  ").append(Units.bytes((long) speed)).append("/s");
        if (total > 0 && speed > 0 && done < total) {
            s.append("  ETA ").append(Units.duration((long) ((total - done) / speed)));
        }
        return s.toString();
    }

    private String shortLabel() {
        return label.length() <= LABEL_WIDTH ? label : label.substring(0, LABEL_WIDTH - 3) + "...";
    }
}
