package io.jseek.text.json;

import java.util.List;

/**
 * A compiled schema: the nodes of {@link GrammarNode} with node 0 the document {@link GrammarNode#ROOT}. Produced
 * by {@link SchemaCompiler}; immutable and shared by every sequence constrained by the same schema.
 */
final class Grammar {
    private final GrammarNode[] nodes;

    Grammar(List<GrammarNode> nodes) {
        this.nodes = nodes.toArray(new GrammarNode[0]);
    }

    GrammarNode node(int id) {
        return nodes[id];
    }

    int size() {
        return nodes.length;
    }
}
