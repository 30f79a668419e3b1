package io.jseek.text.json;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The byte strings of a set of tokens as a trie flattened in preorder: node {@code i} has an edge byte, a depth
 * (1 for children of the implicit root) and the index just past its subtree. A mask walk visits nodes in index
 * order, stepping the automaton once per node from the configurations saved for the node's parent depth, so bytes
 * shared by many tokens are checked once; when a prefix is rejected, the walk jumps to {@link #skip} and the whole
 * subtree is pruned. Tokens ending at a node are listed in {@link #tokenStart} order.
 *
 * <p>Built by sorting the byte strings (unsigned) and emitting new nodes past the longest common prefix with the
 * previous string, which yields preorder directly. Immutable.
 */
final class TokenTrie {
    private final byte[] label;
    private final int[] depth;
    private final int[] skip;
    private final int[] tokenStart;
    private final int[] tokens;
    private final int maxDepth;

    private TokenTrie(byte[] label, int[] depth, int[] skip, int[] tokenStart, int[] tokens, int maxDepth) {
        this.label = label;
        this.depth = depth;
        this.skip = skip;
        this.tokenStart = tokenStart;
        this.tokens = tokens;
        this.maxDepth = maxDepth;
    }

    /** A trie of the non-empty pieces of the tokens that {@code include} selects ({@code null} pieces are skipped). */
    static TokenTrie build(byte[][] pieces, IntPredicate include) {
        Integer[] ids = java.util.stream.IntStream.range(0, pieces.length)
                .filter(id -> pieces[id] != null && pieces[id].length > 0 && include.test(id))
                .boxed().toArray(Integer[]::new);
        Arrays.sort(ids, (a, b) -> Arrays.compareUnsigned(pieces[a], pieces[b]));
        int capacity = 0;
        int longest = 0;
        for (int id : ids) {
            capacity += pieces[id].length;
            longest = Math.max(longest, pieces[id].length);
        }
        byte[] label = new byte[capacity];
        int[] depth = new int[capacity];
        int[] skip = new int[capacity];
        int[] tokenNode = new int[ids.length];
        int[] path = new int[longest + 1];
        int size = 0;
        byte[] previous = new byte[0];
        for (int t = 0; t < ids.length; t++) {
            byte[] piece = pieces[ids[t]];
            int common = Arrays.mismatch(previous, piece);
            common = common < 0 ? piece.length : Math.min(common, Math.min(previous.length, piece.length));
            for (int d = previous.length; d > common; d--) {
                skip[path[d]] = size;
            }
            for (int d = common + 1; d <= piece.length; d++) {
                label[size] = piece[d - 1];
                depth[size] = d;
                path[d] = size++;
            }
            tokenNode[t] = path[piece.length];
            previous = piece;
        }
        for (int d = previous.length; d > 0; d--) {
            skip[path[d]] = size;
        }
        int[] tokenStart = new int[size + 1];
        for (int node : tokenNode) {
            tokenStart[node + 1]++;
        }
        for (int i = 0; i < size; i++) {
            tokenStart[i + 1] += tokenStart[i];
        }
        int[] tokens = Arrays.stream(ids).mapToInt(Integer::intValue).toArray();
        return new TokenTrie(Arrays.copyOf(label, size), Arrays.copyOf(depth, size), Arrays.copyOf(skip, size),
                tokenStart, tokens, longest);
    }

    int size() {
        return label.length;
    }

    /** The edge byte into node {@code i}, 0–255. */
    int label(int i) {
        return label[i] & 0xFF;
    }

    int depth(int i) {
        return depth[i];
    }

    /** The index just past the subtree of node {@code i}. */
    int skip(int i) {
        return skip[i];
    }

    /** First index into {@link #token} of the tokens whose piece ends at node {@code i}; they end at {@code i + 1}. */
    int tokenStart(int i) {
        return tokenStart[i];
    }

    int token(int index) {
        return tokens[index];
    }

    /** Length of the longest piece: the deepest level a walk can reach. */
    int maxDepth() {
        return maxDepth;
    }
}
