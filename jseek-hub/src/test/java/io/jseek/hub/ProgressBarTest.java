package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    final AtomicLong clock = new AtomicLong();
    final StringWriter text = new StringWriter();

    @Test
    void plainModePrintsATenthAtATime() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock::get);
        bar.start("m-Q4_K_M.gguf", 1_000_000_000L, 0);
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(100_000_000L);
            bar.advance(10_000_000L);
        }
        bar.finish();
        String[] lines = text.toString().split("\n");
        assertEquals("pulling m-Q4_K_M.gguf (1.00 GB)", lines[0]);
        assertEquals(12, lines.length, text.toString());
        assertEquals("m-Q4_K_M.gguf  [==>                     ]  10%  100 MB / 1.00 GB  100 MB/s  ETA 0:09", lines[1]);
        assertEquals("done m-Q4_K_M.gguf: 1.00 GB in 0:10 (100 MB/s)", lines[11]);
    }

    @Test
    void plainModeNamesTheVerbItIsGiven() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock::get, "converting");
        bar.start("out.gguf", 2_000_000L, 0);
        assertEquals("converting out.gguf (2.00 MB)\n", text.toString());
    }

    @Test
    void terminalModeRedrawsOneLineAndCountsOnlyThisRunForSpeed() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock::get);
        bar.start("m.gguf", 4000, 2000);
        clock.addAndGet(1_000_000_000L);
        bar.advance(1000);
        String out = text.toString();
        assertTrue(out.startsWith("\rm.gguf  [============>           ]  50%  2.00 kB / 4.00 kB  0 B/s"), out);
        assertTrue(out.contains("\rm.gguf  [==================>     ]  75%  3.00 kB / 4.00 kB  1.00 kB/s  ETA 0:01"), out);
        assertEquals(-1, out.indexOf('\n'), "no new line until done");
    }
}
