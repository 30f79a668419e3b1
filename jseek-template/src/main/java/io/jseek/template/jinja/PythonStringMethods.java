package io.jseek.template.jinja;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods for Jinjava, which otherwise calls the Java method of the same name or fails:
 * {@code 'a</think>'.split('</think>')} would be Java's regex split that drops trailing empty strings (so the
 * DeepSeek-R1 templates' {@code content.split('</think>')[-1]} would keep the reasoning), and {@code startswith},
 * {@code endswith}, {@code lstrip}, {@code upper}… do not exist on {@link String}.
 *
 * <p>Supported: {@code split(sep=None, maxsplit=-1)}, {@code strip/lstrip/rstrip(chars=None)},
 * {@code startswith/endswith(prefix or list of prefixes)}, {@code upper}, {@code lower}, {@code title},
 * {@code capitalize}, {@code replace(old, new, count=-1)}, {@code find(sub)}. Other calls fall through to Jinjava.
 */
final class PythonStringMethods extends ELResolver {

    /** Marks a method name this resolver leaves to Jinjava's own resolvers. */
    private static final Object NOT_HANDLED = new Object();

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) {
            return null;
        }
        Object result = call(s, name, params == null ? new Object[0] : params);
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] args) {
        return switch (name) {
            case "split" -> split(s, str(args, 0), args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "strip" -> PythonStrings.strip(s, str(args, 0), true, true);
            case "lstrip" -> PythonStrings.strip(s, str(args, 0), true, false);
            case "rstrip" -> PythonStrings.strip(s, str(args, 0), false, true);
            case "startswith" -> affixes(args).stream().anyMatch(s::startsWith);
            case "endswith" -> affixes(args).stream().anyMatch(s::endsWith);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> PythonStrings.title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> replace(s, str(args, 0), str(args, 1), args.length > 2 ? ((Number) args[2]).intValue() : -1);
            case "find" -> (long) s.indexOf(str(args, 0));
            default -> NOT_HANDLED;
        };
    }

    private static String str(Object[] args, int i) {
        return i < args.length && args[i] != null ? args[i].toString() : null;
    }

    private static List<String> affixes(Object[] args) {
        List<String> out = new ArrayList<>();
        if (args.length > 0 && args[0] instanceof Iterable<?> many) {
            many.forEach(a -> out.add(String.valueOf(a)));
        } else if (args.length > 0) {
            out.add(String.valueOf(args[0]));
        }
        return out;
    }

    /** Python's {@code str.split}: literal separator keeping empty parts, or runs of whitespace when sep is None. */
    static List<String> split(String s, String sep, int maxSplit) {
        if (sep == null) {
            return PythonStrings.splitWhitespace(s, maxSplit);
        }
        if (sep.isEmpty()) {
            throw new PythonTypeError("split(): empty separator");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int n = 0; n < count; n++) {
            int at = s.indexOf(old, start);
            if (at < 0) {
                break;
            }
            out.append(s, start, at).append(replacement);
            start = at + old.length();
        }
        return out.append(s.substring(start)).toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Strings are immutable: nothing to resolve, later resolvers decide.
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
