package io.jseek.text.json;

import java.util.Arrays;
import java.util.List;

/**
 * A small byte trie over a fixed set of literal texts: the canonical JSON of enum/const values, or the quoted
 * property names of an object schema. Node 0 is the root; edges are first-child/next-sibling lists, since these
 * sets are small and a 256-way table per node would waste memory on long enum values.
 *
 * <p>Each node records which literals lie below it ({@link #reach}, literal {@code i} as bit {@code i % 64}), so an
 * object frame can refuse a key prefix that only leads to properties already written: without that, the automaton
 * would accept a prefix it could never complete. Immutable.
 */
final class LiteralTrie {
    private final byte[] label;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final int[] value;
    private final long[] reach;

    LiteralTrie(List<byte[]> literals) {
        int capacity = 1;
        for (byte[] literal : literals) {
            capacity += literal.length;
        }
        byte[] labels = new byte[capacity];
        int[] first = new int[capacity];
        int[] sibling = new int[capacity];
        int[] values = new int[capacity];
        long[] reaches = new long[capacity];
        Arrays.fill(first, -1);
        Arrays.fill(sibling, -1);
        Arrays.fill(values, -1);
        int size = 1;
        for (int i = 0; i < literals.size(); i++) {
            int node = 0;
            reaches[0] |= 1L << i;
            for (byte b : literals.get(i)) {
                int child = find(labels, first, sibling, node, b & 0xFF);
                if (child < 0) {
                    child = size++;
                    labels[child] = b;
                    sibling[child] = first[node];
                    first[node] = child;
                }
                node = child;
                reaches[node] |= 1L << i;
            }
            if (values[node] < 0) {
                values[node] = i;
            }
        }
        label = Arrays.copyOf(labels, size);
        firstChild = Arrays.copyOf(first, size);
        nextSibling = Arrays.copyOf(sibling, size);
        value = Arrays.copyOf(values, size);
        reach = Arrays.copyOf(reaches, size);
    }

    private static int find(byte[] labels, int[] first, int[] sibling, int node, int b) {
        for (int c = first[node]; c >= 0; c = sibling[c]) {
            if ((labels[c] & 0xFF) == b) {
                return c;
            }
        }
        return -1;
    }

    /** The child of {@code node} along byte {@code b}, or -1. */
    int child(int node, int b) {
        return find(label, firstChild, nextSibling, node, b);
    }

    /** Index of the literal ending exactly at {@code node}, or -1. */
    int value(int node) {
        return value[node];
    }

    /** Literals below {@code node} (inclusive), as a bit set over literal index modulo 64. */
    long reach(int node) {
        return reach[node];
    }
}
