package io.jseek.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory of this process, for the timings that {@code run} and {@code chat} report. */
final class RunMemory {
    private RunMemory() {
    }

    /** {@code VmHWM} of {@code /proc/self/status} in bytes, or -1 where there is none (not Linux). */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
