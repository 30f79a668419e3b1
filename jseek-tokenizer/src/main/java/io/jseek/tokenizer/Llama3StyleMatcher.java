package io.jseek.tokenizer;

/**
 * Hand-written form of the Qwen2 / Llama 3 pre-tokenizer regex (llama.cpp's spelling, digits grouped by
 * {@code maxDigits} = 1 for Qwen2, 3 for Llama 3):
 * <pre>
 * (?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}
 * | ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * Alternatives are tried in order, each resolved as the backtracking engine would (see comments). Stateless.
 */
final class Llama3StyleMatcher implements ChunkMatcher {
    private final int maxDigits;

    Llama3StyleMatcher(int maxDigits) {
        this.maxDigits = maxDigits;
    }

    @Override
    public int matchAt(CharSequence text, int pos, int end) {
        int c0 = CharClasses.codePointAt(text, pos, end);
        int next = pos + Character.charCount(c0);
        if (c0 == '\'' && next < end) {
            int contraction = contraction(text, next, end);
            if (contraction > 0) {
                return contraction;
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+ : with the optional prefix first; without it only a letter can start the run.
        boolean prefix = !CharClasses.isNewline(c0) && !CharClasses.isLetter(c0) && !CharClasses.isNumber(c0);
        int letters = letterRun(text, prefix ? next : pos, end);
        if (letters > (prefix ? next : pos)) {
            return letters;
        }
        if (CharClasses.isNumber(c0)) {
            int i = next;
            for (int count = 1; count < maxDigits && i < end; count++) {
                int cp = CharClasses.codePointAt(text, i, end);
                if (!CharClasses.isNumber(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            return i;
        }
        // " ?[^\s\p{L}\p{N}]+[\r\n]*" : a space can only be the optional prefix, never part of the run.
        int start = c0 == ' ' ? next : pos;
        int other = otherRun(text, start, end);
        if (other > start) {
            while (other < end && CharClasses.isNewline(text.charAt(other))) {
                other++;
            }
            return other;
        }
        return ChunkMatcher.whitespaceTail(text, pos, end);
    }

    private static int contraction(CharSequence text, int i, int end) {
        char c1 = text.charAt(i);
        switch (c1) {
            case 's', 'S', 't', 'T', 'm', 'M', 'd', 'D' -> {
                return i + 1;
            }
            default -> {
                if (i + 1 >= end) {
                    return -1;
                }
                char c2 = text.charAt(i + 1);
                boolean e = c2 == 'e' || c2 == 'E';
                boolean l = c2 == 'l' || c2 == 'L';
                boolean ok = ((c1 == 'r' || c1 == 'R') && e) || ((c1 == 'v' || c1 == 'V') && e)
                        || ((c1 == 'l' || c1 == 'L') && l);
                return ok ? i + 2 : -1;
            }
        }
    }

    private static int letterRun(CharSequence text, int i, int end) {
        while (i < end) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (!CharClasses.isLetter(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int otherRun(CharSequence text, int i, int end) {
        while (i < end) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (CharClasses.isSpace(cp) || CharClasses.isLetter(cp) || CharClasses.isNumber(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}
