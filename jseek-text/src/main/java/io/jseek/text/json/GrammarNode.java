package io.jseek.text.json;

/**
 * One compiled schema node: the set of JSON values a position in the document may hold. Nodes refer to each other
 * by index into {@link Grammar}, so recursive schemas ({@code $ref} cycles) compile to finite tables. Fields that do
 * not apply to a node's kind are left at neutral values. Immutable after compilation.
 */
final class GrammarNode {
    /** The document frame: optional whitespace, the top-level value, optional whitespace, end. */
    static final int ROOT = 0;
    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int STRING = 3;
    static final int NUMBER = 4;
    /** A fixed set of JSON texts (enum, const, true/false/null). */
    static final int LITERALS = 5;
    /** Any of {@link #alternatives}; never a stack frame, only expanded where a value starts. */
    static final int UNION = 6;

    final int kind;
    /** Index in the grammar. */
    final int id;
    /** ROOT: the top-level value; ARRAY: the items; OBJECT: the value of other keys (-1 when not allowed). */
    int child = -1;
    /** UNION alternatives. */
    int[] alternatives = new int[0];
    /** OBJECT: quoted property names (null for an object with free keys); LITERALS: the literal texts. */
    LiteralTrie trie;
    /** OBJECT: value node per declared property, in the order of {@link #trie} literal indexes. */
    int[] propertyValues = new int[0];
    /** OBJECT: bit per declared property that must appear. */
    long required;
    /** OBJECT: bit per declared property. */
    long declared;
    /** ARRAY: item count bounds. */
    int minItems;
    int maxItems = Integer.MAX_VALUE;
    /** NUMBER: integers only. */
    boolean integer;

    GrammarNode(int kind, int id) {
        this.kind = kind;
        this.id = id;
    }

    /** OBJECT: whether keys are free strings rather than declared property names. */
    boolean freeKeys() {
        return trie == null;
    }

    /** OBJECT: whether another key may follow, given the declared properties already written. */
    boolean hasMoreKeys(long seen) {
        return freeKeys() ? child >= 0 : (declared & ~seen) != 0;
    }

    /** OBJECT: the value node of property {@code index}, or of a free key when {@code index < 0}. */
    int valueOf(int index) {
        return index < 0 ? child : propertyValues[index];
    }
}
