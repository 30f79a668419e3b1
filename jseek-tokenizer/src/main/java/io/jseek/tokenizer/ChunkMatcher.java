package io.jseek.tokenizer;

/**
 * A hand-written equivalent of one pre-tokenizer regex: the end of the match that the regex's leftmost-first
 * alternation finds when anchored at a position, or -1. Implementations must agree with the regex exactly
 * (checked by a differential test); they exist because java.util.regex spends most of the encoding time on the
 * large alternations of the Qwen/Llama 3 and DeepSeek-V3 patterns.
 */
interface ChunkMatcher {
    /** End of the match starting exactly at {@code pos} within {@code [pos, end)}, or -1 when none starts there. */
    int matchAt(CharSequence text, int pos, int end);

    /** The hand-written matcher for a regex, or null when there is none. */
    static ChunkMatcher forRegex(String regex) {
        return switch (regex) {
            case "\\p{N}" -> new RunMatcher(CharClasses::isNumber, 1);
            case "\\p{N}{1,3}" -> new RunMatcher(CharClasses::isNumber, 3);
            case "\\p{N}+" -> new RunMatcher(CharClasses::isNumber, Integer.MAX_VALUE);
            case "[\r\n]" -> new RunMatcher(CharClasses::isNewline, 1);
            case "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+" ->
                    new RunMatcher(RunMatcher::isDeepseekLlmCjk, Integer.MAX_VALUE);
            case "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+" ->
                    new RunMatcher(RunMatcher::isDeepseekV3Cjk, Integer.MAX_VALUE);
            default -> complexMatcher(regex);
        };
    }

    private static ChunkMatcher complexMatcher(String regex) {
        if (regex.equals("\\s+\\z")) {
            return ChunkMatcher::trailingWhitespace;
        }
        SpacePrefixedRunMatcher prefixedRun = SpacePrefixedRunMatcher.forRegex(regex);
        if (prefixedRun != null) {
            return prefixedRun;
        }
        if (regex.equals(PreTokenizerType.QWEN2.regexes().getFirst())) {
            return new Llama3StyleMatcher(1);
        }
        if (regex.equals(PreTokenizerType.LLAMA3.regexes().getFirst())) {
            return new Llama3StyleMatcher(3);
        }
        if (regex.equals(PreTokenizerType.DEEPSEEK_V3.regexes().get(2))) {
            return new DeepseekV3Matcher();
        }
        return null;
    }

    /** {@code \s+\z}: whitespace from {@code pos} through the end of the chunk. */
    static int trailingWhitespace(CharSequence text, int pos, int end) {
        int i = pos;
        while (i < end && CharClasses.isSpace(text.charAt(i))) {
            i++;
        }
        return i == end && i > pos ? i : -1;
    }

    /**
     * The shared whitespace tail of these regexes, {@code \s*[\r\n]+|\s+(?!\S)|\s+}, at {@code pos}: through the
     * last newline of the whitespace run if it has one; else the whole run if it reaches the chunk end; else the
     * run minus its last character (so that the next chunk starts with a space) if that leaves something; else the
     * run.
     */
    static int whitespaceTail(CharSequence text, int pos, int end) {
        int run = pos;
        int lastNewline = -1;
        while (run < end && CharClasses.isSpace(text.charAt(run))) {
            if (CharClasses.isNewline(text.charAt(run))) {
                lastNewline = run;
            }
            run++;
        }
        if (run == pos) {
            return -1;
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        if (run == end || run - pos < 2) {
            return run;
        }
        return run - 1;
    }
}
