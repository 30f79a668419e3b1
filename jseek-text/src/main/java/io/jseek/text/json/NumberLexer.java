package io.jseek.text.json;

/**
 * Byte-level lexer for JSON numbers ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}), optionally restricted
 * to integers (no fraction, no exponent). A number has no closing delimiter: in a terminal state the byte that does
 * not continue it belongs to the enclosing value, which the automaton hands back to the parent frame.
 *
 * <p>The length is capped so that a model cannot loop on digits forever; a byte that leads to a non-terminal state
 * is refused when no room is left for the digit that must follow, so the cap never creates a dead end.
 */
final class NumberLexer {
    static final int REJECT = -1;
    /** Longest number text generated, in bytes. */
    static final int MAX_LENGTH = 32;

    private static final int MINUS = 0;
    private static final int ZERO = 1;
    private static final int INT = 2;
    private static final int DOT = 3;
    private static final int FRAC = 4;
    private static final int EXP = 5;
    private static final int EXP_SIGN = 6;
    private static final int EXP_INT = 7;
    private static final int STATE_BITS = 3;
    private static final int STATE_MASK = (1 << STATE_BITS) - 1;

    private NumberLexer() {
    }

    /** The packed state (lexer state plus length) after the first byte of a number, or {@link #REJECT}. */
    static int first(int b) {
        int s = b == '-' ? MINUS : b == '0' ? ZERO : b >= '1' && b <= '9' ? INT : REJECT;
        return s == REJECT ? REJECT : pack(s, 1);
    }

    /** The packed state after byte {@code b}, or {@link #REJECT} when {@code b} does not continue the number. */
    static int next(int packed, int b, boolean integer) {
        int s = transition(packed & STATE_MASK, b, integer);
        if (s == REJECT) {
            return REJECT;
        }
        int length = (packed >>> STATE_BITS) + 1;
        int limit = isTerminal(s) ? MAX_LENGTH : MAX_LENGTH - 1;
        return length <= limit ? pack(s, length) : REJECT;
    }

    private static int transition(int s, int b, boolean integer) {
        boolean digit = b >= '0' && b <= '9';
        boolean exp = (b == 'e' || b == 'E') && !integer;
        return switch (s) {
            case MINUS -> b == '0' ? ZERO : digit ? INT : REJECT;
            case ZERO -> b == '.' && !integer ? DOT : exp ? EXP : REJECT;
            case INT -> digit ? INT : b == '.' && !integer ? DOT : exp ? EXP : REJECT;
            case DOT, FRAC -> digit ? FRAC : s == FRAC && exp ? EXP : REJECT;
            case EXP -> digit ? EXP_INT : b == '+' || b == '-' ? EXP_SIGN : REJECT;
            case EXP_SIGN, EXP_INT -> digit ? EXP_INT : REJECT;
            default -> REJECT;
        };
    }

    /** Whether the number read so far is complete (it may still continue). */
    static boolean isTerminalPacked(int packed) {
        return isTerminal(packed & STATE_MASK);
    }

    private static boolean isTerminal(int s) {
        return s == ZERO || s == INT || s == FRAC || s == EXP_INT;
    }

    private static int pack(int s, int length) {
        return length << STATE_BITS | s;
    }
}
