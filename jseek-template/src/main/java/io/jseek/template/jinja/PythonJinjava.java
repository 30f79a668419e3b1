package io.jseek.template.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.javax.el.ExpressionFactory;

/**
 * A {@link Jinjava} whose expressions are parsed by {@link PythonSyntaxBuilder}. Jinjava hard-wires its expression
 * factory in the constructor; overriding the getter is the one seam its interpreter reads it through.
 */
final class PythonJinjava extends Jinjava {

    private final ExpressionFactory expressionFactory =
            new ExpressionFactoryImpl(new TreeStore(new PythonSyntaxBuilder(), new Cache(1000)), new TruthyTypeConverter());

    PythonJinjava(JinjavaConfig config) {
        super(config);
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressionFactory;
    }
}
