package io.jseek.template.jinja;

import com.hubspot.jinjava.el.ext.AdditionOperator;
import jinjava.de.odysseus.el.misc.TypeConverter;

/**
 * Jinjava's {@code +} with Python's refusal of None operands. Jinjava turns {@code '<｜User｜>' + none} into
 * {@code "<｜User｜>null"}; Python Jinja raises a TypeError and @huggingface/jinja "Cannot perform operation on
 * null values", so a message without content must fail here too instead of leaking "null" into the prompt.
 * Undefined variables are null in Jinjava, so they fail as well (as they do in both reference engines).
 */
final class PythonAddOperator extends AdditionOperator {

    static final PythonAddOperator OP = new PythonAddOperator();

    @Override
    protected Object apply(TypeConverter converter, Object o1, Object o2) {
        if (o1 == null || o2 == null) {
            throw new PythonTypeError("cannot apply '+' to a none/undefined value (left: " + describe(o1)
                    + ", right: " + describe(o2) + ")");
        }
        return super.apply(converter, o1, o2);
    }

    private static String describe(Object o) {
        return o == null ? "none" : o.getClass().getSimpleName();
    }
}
