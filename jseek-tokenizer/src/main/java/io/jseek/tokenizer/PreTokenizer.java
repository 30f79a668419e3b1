package io.jseek.tokenizer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the chunks that BPE merges never cross: a sequence of regexes, each applied to every chunk the
 * previous ones produced, keeping both matches and the gaps between them (llama.cpp
 * {@code unicode_regex_split}; Hugging Face {@code Sequence[Split(behavior=Isolated)]}).
 *
 * <p>Because matches and gaps are both kept, the result is a refinement of the input range, so it is represented by
 * its cut positions alone; chunks are never copied here. Matchers run on the original text with the region set to
 * the chunk and opaque bounds, so look-ahead and {@code \z} see the chunk's end exactly as when matching a substring.
 * Regexes that have a hand-written {@link ChunkMatcher} use it instead of the regex engine, for speed.
 * Immutable and thread-safe.
 */
final class PreTokenizer {
    private final Pattern[] patterns;
    private final ChunkMatcher[] fastMatchers;

    PreTokenizer(List<String> regexes) {
        this(regexes, true);
    }

    /** @param handWritten use hand-written matchers where available (false only to test them against regexes) */
    PreTokenizer(List<String> regexes, boolean handWritten) {
        patterns = regexes.stream()
                .map(r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS))
                .toArray(Pattern[]::new);
        fastMatchers = regexes.stream()
                .map(r -> handWritten ? ChunkMatcher.forRegex(r) : null)
                .toArray(ChunkMatcher[]::new);
    }

    static PreTokenizer of(PreTokenizerType type) {
        return new PreTokenizer(type.regexes());
    }

    /**
     * Fills {@code cuts} with the sorted chunk boundaries of {@code text[start, end)}, first {@code start} and last
     * {@code end}; an empty range yields no cuts.
     */
    void split(CharSequence text, int start, int end, IntList cuts, IntList scratch) {
        cuts.clear();
        if (start >= end) {
            return;
        }
        cuts.add(start);
        cuts.add(end);
        for (int p = 0; p < patterns.length; p++) {
            ChunkMatcher fast = fastMatchers[p];
            Matcher matcher = fast == null ? patterns[p].matcher(text) : null;
            scratch.clear();
            for (int i = 0; i + 1 < cuts.size(); i++) {
                if (fast != null) {
                    refine(fast, text, cuts.get(i), cuts.get(i + 1), scratch);
                } else {
                    refine(matcher, cuts.get(i), cuts.get(i + 1), scratch);
                }
            }
            scratch.add(cuts.get(cuts.size() - 1));
            swap(cuts, scratch);
        }
    }

    /** Appends the cuts of one chunk (its start and every match boundary, not its end) to {@code out}. */
    private static void refine(Matcher matcher, int from, int to, IntList out) {
        out.add(from);
        matcher.region(from, to);
        int last = from;
        while (matcher.find()) {
            int s = matcher.start();
            int e = matcher.end();
            if (s == e) {
                continue;
            }
            if (s > last) {
                out.add(s);
            }
            if (e < to) {
                out.add(e);
            }
            last = e;
        }
    }

    /** As {@link #refine(Matcher, int, int, IntList)}, scanning code point by code point like Matcher.find. */
    private static void refine(ChunkMatcher matcher, CharSequence text, int from, int to, IntList out) {
        out.add(from);
        int last = from;
        int i = from;
        while (i < to) {
            int e = matcher.matchAt(text, i, to);
            if (e < 0) {
                i += Character.charCount(CharClasses.codePointAt(text, i, to));
                continue;
            }
            if (i > last) {
                out.add(i);
            }
            if (e < to) {
                out.add(e);
            }
            last = e;
            i = e;
        }
    }

    private static void swap(IntList target, IntList source) {
        target.clear();
        for (int i = 0; i < source.size(); i++) {
            target.add(source.get(i));
        }
    }
}
