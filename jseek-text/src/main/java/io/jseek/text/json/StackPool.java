package io.jseek.text.json;

import java.util.Arrays;

/**
 * Storage for the automaton's stacks as persistent linked lists: a configuration is the index of its top frame, and
 * frames are never modified, so a step "changes" a frame by allocating a copy that shares the parent chain. This is
 * what makes the vocabulary walk cheap: the configuration reached at each trie depth stays valid while deeper
 * nodes are explored, and backtracking is just resetting {@link #top} to the mark of that depth (frames above it
 * are referenced only by deeper, abandoned configurations).
 *
 * <p>A frame holds its grammar node, a phase (what the node expects next), a position (lexer state, trie node or
 * property index), an auxiliary word (properties written, items written), the current whitespace run, its parent
 * and its nesting depth. Arrays grow on demand and are then reused, so steady-state steps allocate nothing.
 */
final class StackPool {
    private int[] node;
    private int[] phase;
    private int[] pos;
    private int[] ws;
    private int[] parent;
    private int[] depth;
    private long[] aux;
    private int top;

    StackPool(int capacity) {
        node = new int[capacity];
        phase = new int[capacity];
        pos = new int[capacity];
        ws = new int[capacity];
        parent = new int[capacity];
        depth = new int[capacity];
        aux = new long[capacity];
    }

    /** A new frame on top of {@code under} (-1 for the bottom frame). */
    int push(int under, int nodeId, int phaseValue, int position, long auxValue) {
        int f = allocate();
        node[f] = nodeId;
        phase[f] = phaseValue;
        pos[f] = position;
        aux[f] = auxValue;
        ws[f] = 0;
        parent[f] = under;
        depth[f] = under < 0 ? 0 : depth[under] + 1;
        return f;
    }

    /** A copy of frame {@code f} with new phase, position and auxiliary word, and no whitespace run. */
    int with(int f, int phaseValue, int position, long auxValue) {
        return push(parent[f], node[f], phaseValue, position, auxValue);
    }

    /** A copy of frame {@code f} with a different whitespace run. */
    int withWhitespace(int f, int run) {
        int copy = push(parent[f], node[f], phase[f], pos[f], aux[f]);
        ws[copy] = run;
        return copy;
    }

    private int allocate() {
        if (top == node.length) {
            int capacity = node.length * 2;
            node = Arrays.copyOf(node, capacity);
            phase = Arrays.copyOf(phase, capacity);
            pos = Arrays.copyOf(pos, capacity);
            ws = Arrays.copyOf(ws, capacity);
            parent = Arrays.copyOf(parent, capacity);
            depth = Arrays.copyOf(depth, capacity);
            aux = Arrays.copyOf(aux, capacity);
        }
        return top++;
    }

    int node(int f) {
        return node[f];
    }

    int phase(int f) {
        return phase[f];
    }

    int pos(int f) {
        return pos[f];
    }

    long aux(int f) {
        return aux[f];
    }

    int whitespace(int f) {
        return ws[f];
    }

    int parent(int f) {
        return parent[f];
    }

    int depth(int f) {
        return depth[f];
    }

    /** Allocation mark: frames at or above it may be discarded with {@link #reset}. */
    int top() {
        return top;
    }

    void reset(int mark) {
        top = mark;
    }

    /**
     * Copies the stack of configuration {@code f} of {@code source} into this pool and returns its new index;
     * {@code memo} (at least {@code source.top()} entries, -1 where not yet copied) keeps shared parents shared.
     */
    int copyFrom(StackPool source, int f, int[] memo) {
        if (f < 0) {
            return -1;
        }
        if (memo[f] >= 0) {
            return memo[f];
        }
        int under = copyFrom(source, source.parent[f], memo);
        int copy = push(under, source.node[f], source.phase[f], source.pos[f], source.aux[f]);
        ws[copy] = source.ws[f];
        memo[f] = copy;
        return copy;
    }

    /** Whether configurations {@code a} and {@code b} hold the same frames, compared field by field. */
    boolean sameStack(int a, int b) {
        while (a != b) {
            if (a < 0 || b < 0 || node[a] != node[b] || phase[a] != phase[b] || pos[a] != pos[b]
                    || aux[a] != aux[b] || ws[a] != ws[b]) {
                return false;
            }
            a = parent[a];
            b = parent[b];
        }
        return true;
    }
}
