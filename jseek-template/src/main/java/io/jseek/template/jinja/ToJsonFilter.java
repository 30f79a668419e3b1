package io.jseek.template.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tojson(indent=None, ensure_ascii=False, sort_keys=False, separators=None)} with @huggingface/jinja's
 * output (see {@link JsonWriter}). Jinjava's own {@code tojson} uses Jackson's compact form ({@code {"a":1}}) and
 * ignores the arguments, which changes every tool-list prompt.
 */
final class ToJsonFilter implements AdvancedFilter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        if (indent != null && !(indent instanceof Number)) {
            throw new PythonTypeError("tojson: indent must be an integer, got " + indent);
        }
        JsonWriter.Options options = JsonWriter.Options.of(
                indent == null ? null : ((Number) indent).intValue(),
                Boolean.TRUE.equals(kwargs.get("ensure_ascii")),
                Boolean.TRUE.equals(kwargs.get("sort_keys")),
                separators(kwargs.get("separators")));
        return JsonWriter.write(var, options);
    }

    private static List<String> separators(Object value) {
        if (value == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Iterable<?> items) {
            items.forEach(item -> out.add(String.valueOf(item)));
        }
        if (out.size() != 2) {
            throw new PythonTypeError("tojson: separators must be a pair of strings, got " + value);
        }
        return out;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }
}
