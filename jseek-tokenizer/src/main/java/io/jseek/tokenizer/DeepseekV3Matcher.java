package io.jseek.tokenizer;

/**
 * Hand-written form of DeepSeek-V3's main pre-tokenizer regex (the third of its list):
 * <pre>
 * [!"#$%&amp;'()*+,\-./:;&lt;=&gt;?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
 * | ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * Alternatives are tried in order, each resolved as the backtracking engine would (see comments). Stateless.
 */
final class DeepseekV3Matcher implements ChunkMatcher {

    @Override
    public int matchAt(CharSequence text, int pos, int end) {
        int c0 = CharClasses.codePointAt(text, pos, end);
        int next = pos + Character.charCount(c0);
        if (isAsciiPunctuation(c0) && next < end && isAsciiLetter(text.charAt(next))) {
            int i = next;
            while (i < end && isAsciiLetter(text.charAt(i))) {
                i++;
            }
            return i;
        }
        // [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+ : try with the optional prefix, then without it (the prefix class
        // admits marks, so a mark can also start the run itself).
        if (!CharClasses.isNewline(c0) && !CharClasses.isLetter(c0) && !CharClasses.isPunctuation(c0)
                && !CharClasses.isSymbol(c0)) {
            int run = letterOrMarkRun(text, next, end);
            if (run > next) {
                return run;
            }
        }
        int run = letterOrMarkRun(text, pos, end);
        if (run > pos) {
            return run;
        }
        // " ?[\p{P}\p{S}]+[\r\n]*" : a space can only be the optional prefix.
        int start = c0 == ' ' ? next : pos;
        int symbols = punctuationOrSymbolRun(text, start, end);
        if (symbols > start) {
            while (symbols < end && CharClasses.isNewline(text.charAt(symbols))) {
                symbols++;
            }
            return symbols;
        }
        return ChunkMatcher.whitespaceTail(text, pos, end);
    }

    /** The class {@code [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]}: every ASCII punctuation and symbol character. */
    private static boolean isAsciiPunctuation(int c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int letterOrMarkRun(CharSequence text, int i, int end) {
        while (i < end) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (!CharClasses.isLetter(cp) && !CharClasses.isMark(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int punctuationOrSymbolRun(CharSequence text, int i, int end) {
        while (i < end) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (!CharClasses.isPunctuation(cp) && !CharClasses.isSymbol(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}
