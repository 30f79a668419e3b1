package io.jseek.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A regex character class of literal characters and ranges, such as deepseek-llm's letter class, as a lookup
 * table: a bit set for the BMP and sorted ranges for supplementary code points. Built by parsing the class text
 * of our own regex literals (plain characters, {@code a-b} ranges, {@code \x{HEX}} escapes); anything else is not
 * recognised and the regex engine is used instead. Immutable.
 */
final class CodePointSet {
    private final BitSet bmp = new BitSet(0x10000);
    private final int[] supplementary;

    private CodePointSet(List<int[]> ranges) {
        List<Integer> high = new ArrayList<>();
        for (int[] r : ranges) {
            if (r[0] < 0x10000) {
                bmp.set(r[0], Math.min(r[1], 0xFFFF) + 1);
            }
            if (r[1] >= 0x10000) {
                high.add(Math.max(r[0], 0x10000));
                high.add(r[1]);
            }
        }
        supplementary = high.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean contains(int cp) {
        if (cp < 0x10000) {
            return bmp.get(cp);
        }
        for (int i = 0; i < supplementary.length; i += 2) {
            if (cp >= supplementary[i] && cp <= supplementary[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Parses the inside of {@code [...]}; null when it uses anything but literals, ranges and {@code \x{..}}. */
    static CodePointSet parse(String classBody) {
        List<Integer> items = new ArrayList<>();
        List<Boolean> dash = new ArrayList<>();
        for (int i = 0; i < classBody.length(); ) {
            int cp = classBody.codePointAt(i);
            if (cp == '\\') {
                int close = classBody.indexOf('}', i);
                if (!classBody.startsWith("\\x{", i) || close < 0) {
                    return null;
                }
                items.add(Integer.parseInt(classBody.substring(i + 3, close), 16));
                dash.add(false);
                i = close + 1;
            } else if (cp == '[' || cp == '^' || cp == '&') {
                return null;
            } else {
                items.add(cp);
                dash.add(cp == '-');
                i += Character.charCount(cp);
            }
        }
        return new CodePointSet(ranges(items, dash));
    }

    private static List<int[]> ranges(List<Integer> items, List<Boolean> dash) {
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            boolean range = i + 2 < items.size() && dash.get(i + 1);
            if (range) {
                ranges.add(new int[] {items.get(i), items.get(i + 2)});
                i += 2;
            } else {
                ranges.add(new int[] {items.get(i), items.get(i)});
            }
        }
        return ranges;
    }
}
