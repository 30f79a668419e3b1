package io.jseek.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringFilterTest {
    private final StringBuilder out = new StringBuilder();

    @Test
    void holdsAPossibleStartAndReleasesItWhenItIsNot() {
        StopStringFilter f = new StopStringFilter(List.of("STOP"));
        assertFalse(f.accept("abc ST", out::append));
        assertEquals("abc ", out.toString());
        assertFalse(f.accept("ORM", out::append));
        assertEquals("abc STORM", out.toString());
    }

    @Test
    void cutsAtAStopStringSplitOverDeltas() {
        StopStringFilter f = new StopStringFilter(List.of("END", "\n\n"));
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
        f.accept("x ST", out::append);
        f.finish(out::append);
        assertEquals("x ST", out.toString());
    }

    @Test
    void emptyStopStringsAreIgnored() {
        StopStringFilter f = new StopStringFilter(List.of(""));
        assertFalse(f.accept("abc", out::append));
        assertEquals("abc", out.toString());
    }
}
