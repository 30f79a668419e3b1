package io.jseek.tokenizer;

import java.util.function.IntPredicate;

/**
 * Hand-written form of the {@code \s?[CLASS]+} regexes of deepseek-llm (letters; ASCII and CJK punctuation) and
 * deepseek-coder ({@code \s?\p{L}+}, {@code \s?\p{P}+}): an
 * optional whitespace character, then a run of the class. As the backtracking engine would, it first tries with
 * the whitespace as prefix and then without it, since a few class members ({@code U+3000}) are whitespace too.
 */
final class SpacePrefixedRunMatcher implements ChunkMatcher {
    private final IntPredicate members;

    SpacePrefixedRunMatcher(IntPredicate members) {
        this.members = members;
    }

    @Override
    public int matchAt(CharSequence text, int pos, int end) {
        int c0 = CharClasses.codePointAt(text, pos, end);
        if (CharClasses.isSpace(c0)) {
            int run = run(text, pos + Character.charCount(c0), end);
            if (run > pos + Character.charCount(c0)) {
                return run;
            }
        }
        int run = run(text, pos, end);
        return run > pos ? run : -1;
    }

    private int run(CharSequence text, int i, int end) {
        while (i < end) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (!members.test(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The matcher for {@code \s?\p{L}+}, {@code \s?\p{P}+} or {@code \s?[BODY]+}, or null for other shapes. */
    static SpacePrefixedRunMatcher forRegex(String regex) {
        switch (regex) {
            case "\\s?\\p{L}+" -> {
                return new SpacePrefixedRunMatcher(CharClasses::isLetter);
            }
            case "\\s?\\p{P}+" -> {
                return new SpacePrefixedRunMatcher(CharClasses::isPunctuation);
            }
            default -> {
                if (!regex.startsWith("\\s?[") || !regex.endsWith("]+")) {
                    return null;
                }
                CodePointSet set = CodePointSet.parse(regex.substring(4, regex.length() - 2));
                return set == null ? null : new SpacePrefixedRunMatcher(set::contains);
            }
        }
    }
}
