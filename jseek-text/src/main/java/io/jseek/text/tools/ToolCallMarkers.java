package io.jseek.text.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * The spellings of DeepSeek's tool-call markers. V3 and R1 emit {@code <｜tool▁calls▁begin｜>} etc. as single
 * control tokens; the R1 distills (Qwen and Llama bases) often spell them out with {@code _}, spaces, escaped
 * underscores or ASCII bars instead, which llama.cpp's DeepSeek-R1 parser also accepts. The Hermes-style
 * {@code <tool_call>…</tool_call>} of Qwen-based models is recognised as well.
 */
final class ToolCallMarkers {
    static final List<String> CALLS_BEGIN = spellings("tool", "calls", "begin");
    static final List<String> CALLS_END = spellings("tool", "calls", "end");
    static final List<String> CALL_BEGIN = spellings("tool", "call", "begin");
    static final List<String> CALL_END = spellings("tool", "call", "end");
    static final List<String> SEP = spellings("tool", "sep");
    static final String HERMES_BEGIN = "<tool_call>";
    static final String HERMES_END = "</tool_call>";
    /** Everything that switches from text to tool calls. */
    static final List<String> OPENERS;
    static final int LONGEST_OPENER;

    static {
        List<String> openers = new ArrayList<>(CALLS_BEGIN);
        openers.addAll(spellings("tool", "calls"));
        openers.addAll(CALL_BEGIN);
        openers.add(HERMES_BEGIN);
        OPENERS = List.copyOf(openers);
        LONGEST_OPENER = OPENERS.stream().mapToInt(String::length).max().orElseThrow();
    }

    private ToolCallMarkers() {
    }

    private static List<String> spellings(String... words) {
        List<String> out = new ArrayList<>();
        for (String bar : List.of("｜", "|")) {
            for (String sep : List.of("▁", "_", " ", "\\_")) {
                out.add("<" + bar + String.join(sep, words) + bar + ">");
            }
        }
        return List.copyOf(out);
    }

    /** The marker of {@code markers} that {@code text} starts with at {@code from}, or null. */
    static String startingAt(CharSequence text, int from, List<String> markers) {
        for (String m : markers) {
            if (regionEquals(text, from, m)) {
                return m;
            }
        }
        return null;
    }

    /** The first occurrence at or after {@code from} of any of {@code markers}: {index, length}, or null. */
    static int[] find(String text, int from, List<String> markers) {
        int[] best = null;
        for (String m : markers) {
            int i = text.indexOf(m, from);
            if (i >= 0 && (best == null || i < best[0])) {
                best = new int[] {i, m.length()};
            }
        }
        return best;
    }

    /** Whether {@code text} from {@code from} to its end is a proper prefix of one of {@code markers}. */
    static boolean couldStart(CharSequence text, int from, List<String> markers) {
        int len = text.length() - from;
        for (String m : markers) {
            if (len < m.length() && regionEquals(text, from, m.substring(0, len))) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(CharSequence text, int from, String s) {
        if (from + s.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (text.charAt(from + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
