package io.jseek.template.jinja;

import com.hubspot.jinjava.el.ext.AstRangeBracket;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ELContext;

/**
 * {@code s[start:end]} on a string with Python's rules: indices count code points, negative ones count from the end,
 * and out-of-range bounds are clamped. Jinjava counts UTF-16 units and throws for {@code 'ab'[-3:]}. Slices of
 * lists keep Jinjava's implementation, which already clamps like Python.
 */
final class PythonStringSlice extends AstRangeBracket {

    PythonStringSlice(AstNode base, AstNode start, AstNode end, boolean lvalue, boolean strict,
                      boolean ignoreReturnType) {
        super(base, start, end, lvalue, strict, ignoreReturnType);
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
        Object base = prefix.eval(bindings, context);
        if (!(base instanceof String s)) {
            return super.eval(bindings, context);
        }
        int length = s.codePointCount(0, s.length());
        int from = bound(property, bindings, context, 0, length);
        int to = bound(rangeMax, bindings, context, length, length);
        if (from >= to) {
            return "";
        }
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    private static int bound(AstNode node, Bindings bindings, ELContext context, int absent, int length) {
        Object value = node == null ? null : node.eval(bindings, context);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n)) {
            throw new PythonTypeError("slice indices must be integers or none, got " + value);
        }
        int i = n.intValue();
        return Math.clamp(i < 0 ? (long) i + length : i, 0, length);
    }
}
