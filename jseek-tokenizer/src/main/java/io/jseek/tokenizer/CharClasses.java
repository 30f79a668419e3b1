package io.jseek.tokenizer;

/**
 * The character classes of the pre-tokenizer regexes, with exactly the meaning {@link java.util.regex.Pattern}
 * gives them under {@code UNICODE_CHARACTER_CLASS}: {@code \p{L}}, {@code \p{M}}, {@code \p{N}}, {@code \p{P}},
 * {@code \p{S}} are general-category groups and {@code \s} is the White_Space property. The hand-written splitters
 * must agree with the regexes they replace, so they share these definitions rather than Character.isWhitespace and
 * friends, whose sets differ.
 */
final class CharClasses {
    private static final int LETTER = (1 << Character.UPPERCASE_LETTER) | (1 << Character.LOWERCASE_LETTER)
            | (1 << Character.TITLECASE_LETTER) | (1 << Character.MODIFIER_LETTER) | (1 << Character.OTHER_LETTER);
    private static final int MARK = (1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
            | (1 << Character.COMBINING_SPACING_MARK);
    private static final int NUMBER = (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER)
            | (1 << Character.OTHER_NUMBER);
    private static final int PUNCTUATION = (1 << Character.CONNECTOR_PUNCTUATION)
            | (1 << Character.DASH_PUNCTUATION) | (1 << Character.START_PUNCTUATION)
            | (1 << Character.END_PUNCTUATION) | (1 << Character.INITIAL_QUOTE_PUNCTUATION)
            | (1 << Character.FINAL_QUOTE_PUNCTUATION) | (1 << Character.OTHER_PUNCTUATION);
    private static final int SYMBOL = (1 << Character.MATH_SYMBOL) | (1 << Character.CURRENCY_SYMBOL)
            | (1 << Character.MODIFIER_SYMBOL) | (1 << Character.OTHER_SYMBOL);
    private static final int SEPARATOR = (1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR)
            | (1 << Character.PARAGRAPH_SEPARATOR);

    private CharClasses() {
    }

    private static boolean in(int mask, int cp) {
        return ((mask >> Character.getType(cp)) & 1) != 0;
    }

    static boolean isLetter(int cp) {
        return in(LETTER, cp);
    }

    static boolean isMark(int cp) {
        return in(MARK, cp);
    }

    static boolean isNumber(int cp) {
        return in(NUMBER, cp);
    }

    static boolean isPunctuation(int cp) {
        return in(PUNCTUATION, cp);
    }

    static boolean isSymbol(int cp) {
        return in(SYMBOL, cp);
    }

    /** {@code \s} under UNICODE_CHARACTER_CLASS: Java's White_Space predicate. */
    static boolean isSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || in(SEPARATOR, cp);
    }

    static boolean isNewline(int c) {
        return c == '\r' || c == '\n';
    }

    /** The code point at {@code i}, never pairing a high surrogate with a low one at or past {@code end}. */
    static int codePointAt(CharSequence text, int i, int end) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < end) {
            char d = text.charAt(i + 1);
            if (Character.isLowSurrogate(d)) {
                return Character.toCodePoint(c, d);
            }
        }
        return c;
    }
}
