package io.jseek.template.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * The root render context: an unknown filter or test is an error, as in Python Jinja (and @huggingface/jinja),
 * whereas Jinjava silently renders an empty string. Nested scopes delegate their look-ups up to this context.
 */
final class StrictContext extends Context {

    StrictContext(Context parent, Map<String, ?> bindings) {
        super(parent, bindings);
    }

    @Override
    public Filter getFilter(String name) {
        Filter filter = super.getFilter(name);
        if (filter == null) {
            throw new UnknownNameException("no filter named '" + name + "'");
        }
        return filter;
    }

    @Override
    public ExpTest getExpTest(String name) {
        ExpTest test = super.getExpTest(name);
        if (test == null) {
            throw new UnknownNameException("no test named '" + name + "'");
        }
        return test;
    }

    /** An unknown filter or test name. */
    static final class UnknownNameException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnknownNameException(String message) {
            super(message, null, false, false);
        }
    }
}
