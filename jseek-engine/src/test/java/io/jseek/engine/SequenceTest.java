package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceTest {
    @Test
    void followsTheStateMachine() {
        Sequence s = new Sequence(1, new int[] {1, 2, 3}, 4);
        assertEquals(SequenceState.WAITING, s.state());
        assertThrows(IllegalStateException.class, () -> s.moveTo(SequenceState.DECODING));
        s.moveTo(SequenceState.PREFILLING);
        s.moveTo(SequenceState.WAITING);
        s.moveTo(SequenceState.PREFILLING);
        s.moveTo(SequenceState.DECODING);
        s.appendToken(7);
        assertEquals(4, s.length());
        assertEquals(1, s.completionLength());
        s.finish(FinishReason.STOP);
        assertTrue(s.isFinished());
        assertEquals(FinishReason.STOP, s.finishReason());
        assertThrows(IllegalStateException.class, () -> s.finish(FinishReason.CANCELLED));
        assertThrows(IllegalStateException.class, () -> s.moveTo(SequenceState.WAITING));
    }

    @Test
    void appendsOnlyWhileDecodingAndWithinItsLimit() {
        Sequence s = new Sequence(2, new int[] {5}, 2);
        assertThrows(IllegalStateException.class, () -> s.appendToken(1));
        s.moveTo(SequenceState.PREFILLING);
        s.moveTo(SequenceState.DECODING);
        s.appendToken(1);
        s.appendToken(2);
        assertThrows(IllegalStateException.class, () -> s.appendToken(3));
        assertEquals(2, s.token(2));
    }

    @Test
    void rejectsEmptyPrompts() {
        assertThrows(IllegalArgumentException.class, () -> new Sequence(3, new int[0], 1));
    }
}
