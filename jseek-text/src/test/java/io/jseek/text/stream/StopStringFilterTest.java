package io.jseek.text.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stop strings split over deltas at every position: never emitted, held-back text released when it is no stop. */
class StopStringFilterTest {

    /** Feeds {@code text} in two deltas split at {@code cut}; returns what came out, and "|STOP" when it stopped. */
    private static String feed(List<String> stops, String text, int cut) {
        StopStringFilter f = new StopStringFilter(stops);
        StringBuilder out = new StringBuilder();
        List<String> deltas = new ArrayList<>();
        boolean stopped = f.accept(text.substring(0, cut), d -> {
            out.append(d);
            deltas.add(d);
        });
        if (!stopped) {
            stopped = f.accept(text.substring(cut), out::append);
        }
        if (!stopped) {
            f.finish(out::append);
        }
        for (String d : deltas) {
            assertFalse(d.contains("END"), "a delta leaked the stop string: " + d);
        }
        return out + (stopped ? "|STOP" : "");
    }

    @Test
    void cutsAtTheStopStringWhereverTheDeltasSplit() {
        String text = "hello END world";
        for (int cut = 0; cut <= text.length(); cut++) {
            assertEquals("hello |STOP", feed(List.of("END"), text, cut), "cut at " + cut);
        }
    }

    @Test
    void releasesAPartialMatchThatDoesNotComplete() {
        String text = "the EN is not END";
        for (int cut = 0; cut <= text.length(); cut++) {
            assertEquals("the EN is not |STOP", feed(List.of("END"), text, cut), "cut at " + cut);
        }
        for (int cut = 0; cut <= 6; cut++) {
            assertEquals("abc EN", feed(List.of("END"), "abc EN", cut), "cut at " + cut);
        }
    }

    @Test
    void earliestOfSeveralStopStringsWins() {
        assertEquals("a |STOP", feed(List.of("XYZ", "b"), "a b XYZ", 7));
    }

    @Test
    void holdsBackOnlyAPossibleBeginning() {
        StopStringFilter f = new StopStringFilter(List.of("</s>"));
        StringBuilder out = new StringBuilder();
        assertFalse(f.accept("text </", out::append));
        assertEquals("text ", out.toString());
        assertTrue(f.accept("s> more", out::append));
        assertEquals("text ", out.toString());
    }

    @Test
    void afterAMatchLaterDeltasAreIgnoredAndFinishReleasesNothing() {
        StopStringFilter f = new StopStringFilter(List.of("END", "\n\n"));
        StringBuilder out = new StringBuilder();
        assertFalse(f.accept("one\n", out::append));
        assertTrue(f.accept("\ntwo", out::append));
        assertEquals("one", out.toString());
        assertTrue(f.accept("more", out::append));
        f.finish(out::append);
        assertEquals("one", out.toString());
    }

    @Test
    void finishReleasesTheHeldTail() {
        StopStringFilter f = new StopStringFilter(List.of("STOP"));
        StringBuilder out = new StringBuilder();
        assertFalse(f.accept("x ST", out::append));
        assertEquals("x ", out.toString());
        f.finish(out::append);
        assertEquals("x ST", out.toString());
    }

    @Test
    void emptyStopStringsAreIgnored() {
        StopStringFilter f = new StopStringFilter(List.of(""));
        StringBuilder out = new StringBuilder();
        assertFalse(f.accept("abc", out::append));
        assertEquals("abc", out.toString());
        assertEquals("abc |STOP", feed(List.of("", "END"), "abc END", 2));
    }
}
