package io.jseek.template.jinja;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.AstRangeBracket;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;

/**
 * Jinjava's expression syntax with Python semantics where Jinjava differs: the parser builds
 * {@link PythonAddOperator} wherever Jinjava's parser would build its {@link AdditionOperator}, and
 * {@link PythonStringSlice} for {@code [start:end]}. Jinjava offers no configuration for operators, so this builder
 * is installed by {@link PythonJinjava}.
 */
final class PythonSyntaxBuilder extends ExtendedSyntaxBuilder {

    private static final long serialVersionUID = 1L;

    /** With the features of juel's default JEE6 profile, which Jinjava's own builder gets. */
    PythonSyntaxBuilder() {
        super(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
    }

    @Override
    protected Parser createParser(String expression) {
        return new PythonParser(this, expression);
    }

    private static final class PythonParser extends ExtendedParser {

        PythonParser(Builder context, String input) {
            super(context, input);
        }

        @Override
        protected AstRangeBracket createAstRangeBracket(AstNode base, AstNode start, AstNode end, boolean lvalue,
                                                        boolean strict) {
            return new PythonStringSlice(base, start, end, lvalue, strict, context.isEnabled(Feature.IGNORE_RETURN_TYPE));
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            return super.createAstBinary(left, right, operator == AdditionOperator.OP ? PythonAddOperator.OP : operator);
        }
    }
}
