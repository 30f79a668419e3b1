package io.jseek.tokenizer;

import java.util.function.IntPredicate;

/**
 * Hand-written form of the simple pre-tokenizer regexes that match a run of one character class:
 * {@code \p{N}}, {@code \p{N}{1,3}}, {@code \p{N}+}, {@code [\r\n]} and the CJK range classes. Cheap as they are,
 * the regex engine still costs more per position than a direct category test, and they scan the whole text.
 */
final class RunMatcher implements ChunkMatcher {
    private final IntPredicate member;
    private final int maxLength;

    /**
     * @param member the character class
     * @param maxLength most code points per match ({@link Integer#MAX_VALUE} for {@code +})
     */
    RunMatcher(IntPredicate member, int maxLength) {
        this.member = member;
        this.maxLength = maxLength;
    }

    @Override
    public int matchAt(CharSequence text, int pos, int end) {
        int i = pos;
        for (int count = 0; count < maxLength && i < end; count++) {
            int cp = CharClasses.codePointAt(text, i, end);
            if (!member.test(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i > pos ? i : -1;
    }

    /** {@code [\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]} of deepseek-llm and deepseek-coder. */
    static boolean isDeepseekLlmCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FA5) || (cp >= 0x0800 && cp <= 0x4E00) || (cp >= 0xAC00 && cp <= 0xD7FF);
    }

    /** {@code [\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]} of deepseek-v3. */
    static boolean isDeepseekV3Cjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FA5) || (cp >= 0x3040 && cp <= 0x30FF);
    }
}
