package io.jseek.text.json;

/**
 * The byte-level pushdown automaton that reads a JSON document against a {@link Grammar}. A configuration is a
 * stack in a {@link StackPool}; {@link #step} maps one configuration and one byte to the configurations that may
 * follow (none when the byte is invalid, several only where anyOf branches overlap). Every configuration it produces
 * can still be completed to a valid document: that invariant lets the mask walk allow a token as soon as its bytes
 * leave any configuration alive.
 *
 * <p>Container frames keep their continuation: before a child value is pushed, the parent is already switched to
 * the phase that follows the value, so finishing a value is just returning the parent frame. Numbers and literals
 * have no closing byte: in a terminal state they pass the next byte on to the parent.
 *
 * <p>Whitespace is allowed at structural positions but limited to {@link #MAX_WHITESPACE} bytes and
 * {@link #MAX_NEWLINES} newline per run (enough for indented output, no blank lines), so a model cannot stall on
 * blank output.
 */
final class JsonPda {
    /** Pseudo-byte for the end of the text (EOS). */
    static final int END = 256;
    static final int MAX_NESTING = 64;
    static final int MAX_WHITESPACE = 16;
    static final int MAX_NEWLINES = 1;

    private static final int ROOT_BEFORE = 0;
    private static final int ROOT_AFTER = 1;
    private static final int OBJ_OPEN = 0;
    private static final int OBJ_KEY = 1;
    private static final int OBJ_FREE_KEY = 2;
    private static final int OBJ_AFTER_KEY = 3;
    private static final int OBJ_BEFORE_VALUE = 4;
    private static final int OBJ_AFTER_VALUE = 5;
    private static final int OBJ_COMMA = 6;
    private static final int ARR_OPEN = 0;
    private static final int ARR_AFTER_ITEM = 1;
    private static final int ARR_COMMA = 2;

    private final Grammar grammar;
    private final StackPool pool;

    JsonPda(Grammar grammar, StackPool pool) {
        this.grammar = grammar;
        this.pool = pool;
    }

    /** The configuration before the first byte. */
    int initial() {
        return pool.push(-1, 0, ROOT_BEFORE, 0, 0);
    }

    /** Whether configuration {@code f} is a complete document (the top-level value is done). */
    boolean isDone(int f) {
        return grammar.node(pool.node(f)).kind == GrammarNode.ROOT && pool.phase(f) == ROOT_AFTER;
    }

    /** Adds to {@code out} every configuration reachable from {@code f} by byte {@code b} (0–255 or END). */
    void step(int f, int b, ConfigSink out) {
        GrammarNode n = grammar.node(pool.node(f));
        switch (n.kind) {
            case GrammarNode.ROOT -> stepRoot(f, b, n, out);
            case GrammarNode.OBJECT -> stepObject(f, b, n, out);
            case GrammarNode.ARRAY -> stepArray(f, b, n, out);
            case GrammarNode.STRING -> stepString(f, b, out);
            case GrammarNode.NUMBER -> stepNumber(f, b, n, out);
            case GrammarNode.LITERALS -> stepLiteral(f, b, n, out);
            default -> throw new IllegalStateException("node kind " + n.kind + " is not a frame");
        }
    }

    /** Whether {@code f} is inside a string at a character boundary, where the plain-token fast path applies. */
    boolean inPlainString(int f) {
        GrammarNode n = grammar.node(pool.node(f));
        return n.kind == GrammarNode.STRING && pool.pos(f) == StringLexer.NORMAL
                || n.kind == GrammarNode.OBJECT && pool.phase(f) == OBJ_FREE_KEY && pool.pos(f) == StringLexer.NORMAL;
    }

    private void stepRoot(int f, int b, GrammarNode n, ConfigSink out) {
        if (whitespace(f, b, out)) {
            return;
        }
        if (pool.phase(f) == ROOT_BEFORE) {
            start(n.child, b, pool.with(f, ROOT_AFTER, 0, 0), out);
        } else if (b == END) {
            out.add(f);
        }
    }

    private void stepObject(int f, int b, GrammarNode n, ConfigSink out) {
        int phase = pool.phase(f);
        long seen = pool.aux(f);
        if (phase == OBJ_KEY) {
            stepKey(f, b, n, seen, out);
            return;
        }
        if (phase == OBJ_FREE_KEY) {
            int s = StringLexer.next(pool.pos(f), b);
            if (s == StringLexer.CLOSED) {
                out.add(pool.with(f, OBJ_AFTER_KEY, -1, seen));
            } else if (s != StringLexer.REJECT) {
                out.add(pool.with(f, OBJ_FREE_KEY, s, seen));
            }
            return;
        }
        if (whitespace(f, b, out)) {
            return;
        }
        switch (phase) {
            case OBJ_OPEN -> {
                if (b == '}' && n.required == 0) {
                    out.add(pool.parent(f));
                } else if (b == '"' && n.hasMoreKeys(seen)) {
                    openKey(f, n, seen, out);
                }
            }
            case OBJ_AFTER_KEY -> {
                if (b == ':') {
                    out.add(pool.with(f, OBJ_BEFORE_VALUE, pool.pos(f), seen));
                }
            }
            case OBJ_BEFORE_VALUE -> start(n.valueOf(pool.pos(f)), b, pool.with(f, OBJ_AFTER_VALUE, 0, seen), out);
            case OBJ_AFTER_VALUE -> {
                if (b == ',' && n.hasMoreKeys(seen)) {
                    out.add(pool.with(f, OBJ_COMMA, 0, seen));
                } else if (b == '}' && (n.required & ~seen) == 0) {
                    out.add(pool.parent(f));
                }
            }
            case OBJ_COMMA -> {
                if (b == '"') {
                    openKey(f, n, seen, out);
                }
            }
            default -> throw new IllegalStateException("object phase " + phase);
        }
    }

    private void openKey(int f, GrammarNode n, long seen, ConfigSink out) {
        if (n.freeKeys()) {
            out.add(pool.with(f, OBJ_FREE_KEY, StringLexer.NORMAL, seen));
        } else {
            out.add(pool.with(f, OBJ_KEY, n.trie.child(0, '"'), seen));
        }
    }

    /** A declared property name, byte by byte; prefixes that lead only to properties already written are refused. */
    private void stepKey(int f, int b, GrammarNode n, long seen, ConfigSink out) {
        int child = n.trie.child(pool.pos(f), b);
        if (child < 0 || (n.trie.reach(child) & ~seen) == 0) {
            return;
        }
        int property = n.trie.value(child);
        if (property >= 0) {
            out.add(pool.with(f, OBJ_AFTER_KEY, property, seen | 1L << property));
        } else {
            out.add(pool.with(f, OBJ_KEY, child, seen));
        }
    }

    private void stepArray(int f, int b, GrammarNode n, ConfigSink out) {
        if (whitespace(f, b, out)) {
            return;
        }
        long count = pool.aux(f);
        switch (pool.phase(f)) {
            case ARR_OPEN -> {
                if (b == ']' && n.minItems == 0) {
                    out.add(pool.parent(f));
                } else if (n.maxItems > 0) {
                    start(n.child, b, pool.with(f, ARR_AFTER_ITEM, 0, 1), out);
                }
            }
            case ARR_AFTER_ITEM -> {
                if (b == ',' && count < n.maxItems) {
                    out.add(pool.with(f, ARR_COMMA, 0, count));
                } else if (b == ']' && count >= n.minItems) {
                    out.add(pool.parent(f));
                }
            }
            case ARR_COMMA -> start(n.child, b, pool.with(f, ARR_AFTER_ITEM, 0, count + 1), out);
            default -> throw new IllegalStateException("array phase " + pool.phase(f));
        }
    }

    private void stepString(int f, int b, ConfigSink out) {
        int s = StringLexer.next(pool.pos(f), b);
        if (s == StringLexer.CLOSED) {
            out.add(pool.parent(f));
        } else if (s != StringLexer.REJECT) {
            out.add(pool.with(f, 0, s, 0));
        }
    }

    private void stepNumber(int f, int b, GrammarNode n, ConfigSink out) {
        int s = NumberLexer.next(pool.pos(f), b, n.integer);
        if (s != NumberLexer.REJECT) {
            out.add(pool.with(f, 0, s, 0));
        } else if (NumberLexer.isTerminalPacked(pool.pos(f))) {
            step(pool.parent(f), b, out);
        }
    }

    private void stepLiteral(int f, int b, GrammarNode n, ConfigSink out) {
        int child = n.trie.child(pool.pos(f), b);
        if (child >= 0) {
            out.add(pool.with(f, 0, child, 0));
        } else if (n.trie.value(pool.pos(f)) >= 0) {
            step(pool.parent(f), b, out);
        }
    }

    /** Starts a value of node {@code id} with byte {@code b}; {@code parent} is the frame to return to after it. */
    private void start(int id, int b, int parent, ConfigSink out) {
        GrammarNode n = grammar.node(id);
        if (n.kind == GrammarNode.UNION) {
            for (int alternative : n.alternatives) {
                start(alternative, b, parent, out);
            }
            return;
        }
        if (pool.depth(parent) >= MAX_NESTING) {
            return;
        }
        switch (n.kind) {
            case GrammarNode.OBJECT -> {
                if (b == '{') {
                    out.add(pool.push(parent, id, OBJ_OPEN, 0, 0));
                }
            }
            case GrammarNode.ARRAY -> {
                if (b == '[') {
                    out.add(pool.push(parent, id, ARR_OPEN, 0, 0));
                }
            }
            case GrammarNode.STRING -> {
                if (b == '"') {
                    out.add(pool.push(parent, id, 0, StringLexer.NORMAL, 0));
                }
            }
            case GrammarNode.NUMBER -> {
                int s = NumberLexer.first(b);
                if (s != NumberLexer.REJECT) {
                    out.add(pool.push(parent, id, 0, s, 0));
                }
            }
            case GrammarNode.LITERALS -> {
                int child = n.trie.child(0, b);
                if (child >= 0) {
                    out.add(pool.push(parent, id, 0, child, 0));
                }
            }
            default -> throw new IllegalStateException("node kind " + n.kind + " cannot start a value");
        }
    }

    /** Handles {@code b} if it is whitespace at a structural position (within the run limits); else false. */
    private boolean whitespace(int f, int b, ConfigSink out) {
        if (b != ' ' && b != '\n' && b != '\t' && b != '\r') {
            return false;
        }
        int run = pool.whitespace(f);
        int length = (run & 0xFF) + 1;
        int newlines = (run >>> 8) + (b == '\n' ? 1 : 0);
        if (length <= MAX_WHITESPACE && newlines <= MAX_NEWLINES) {
            out.add(pool.withWhitespace(f, length | newlines << 8));
        }
        return true;
    }
}
