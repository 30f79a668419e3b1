package io.jseek.text.json;

/**
 * Byte-level lexer for the inside of a JSON string (after the opening quote): escapes, {@code \}{@code uXXXX} hex
 * digits and strict UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF), so that any prefix it
 * accepts can still be closed by a valid continuation. Raw control bytes below 0x20 are rejected, as JSON requires.
 *
 * <p>One 256-entry row per state, so a step is a single array load: this runs once per trie node in the mask walk.
 */
final class StringLexer {
    /** Between characters; the only state where a closing quote is allowed. */
    static final int NORMAL = 0;
    static final int REJECT = -1;
    /** The closing quote was consumed. */
    static final int CLOSED = -2;

    private static final int ESCAPE = 1;
    private static final int HEX4 = 2;
    private static final int HEX1 = 5;
    private static final int CONT1 = 6;
    private static final int CONT2 = 7;
    private static final int CONT3 = 8;
    private static final int AFTER_E0 = 9;
    private static final int AFTER_ED = 10;
    private static final int AFTER_F0 = 11;
    private static final int AFTER_F4 = 12;
    private static final int STATES = 13;

    private static final byte[] NEXT = new byte[STATES * 256];

    static {
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        for (int b = 0x20; b < 0x80; b++) {
            set(NORMAL, b, NORMAL);
        }
        set(NORMAL, '"', CLOSED);
        set(NORMAL, '\\', ESCAPE);
        range(NORMAL, 0xC2, 0xDF, CONT1);
        range(NORMAL, 0xE1, 0xEC, CONT2);
        range(NORMAL, 0xEE, 0xEF, CONT2);
        set(NORMAL, 0xE0, AFTER_E0);
        set(NORMAL, 0xED, AFTER_ED);
        range(NORMAL, 0xF1, 0xF3, CONT3);
        set(NORMAL, 0xF0, AFTER_F0);
        set(NORMAL, 0xF4, AFTER_F4);
        for (char c : "\"\\/bfnrt".toCharArray()) {
            set(ESCAPE, c, NORMAL);
        }
        set(ESCAPE, 'u', HEX4);
        for (int s = HEX4; s <= HEX1; s++) {
            int next = s == HEX1 ? NORMAL : s + 1;
            range(s, '0', '9', next);
            range(s, 'a', 'f', next);
            range(s, 'A', 'F', next);
        }
        range(CONT1, 0x80, 0xBF, NORMAL);
        range(CONT2, 0x80, 0xBF, CONT1);
        range(CONT3, 0x80, 0xBF, CONT2);
        range(AFTER_E0, 0xA0, 0xBF, CONT1);
        range(AFTER_ED, 0x80, 0x9F, CONT1);
        range(AFTER_F0, 0x90, 0xBF, CONT2);
        range(AFTER_F4, 0x80, 0x8F, CONT2);
    }

    private StringLexer() {
    }

    private static void set(int state, int b, int next) {
        NEXT[state * 256 + b] = (byte) next;
    }

    private static void range(int state, int from, int to, int next) {
        for (int b = from; b <= to; b++) {
            set(state, b, next);
        }
    }

    /** The state after byte {@code b} (0–255; anything else is rejected), or {@link #REJECT} / {@link #CLOSED}. */
    static int next(int state, int b) {
        return b >>> 8 == 0 ? NEXT[state * 256 + b] : REJECT;
    }
}
