package io.jseek.template.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as @huggingface/jinja's {@code tojson} writes it, which mimics Python's
 * {@code json.dumps(ensure_ascii=False)} as used by transformers:
 * <ul>
 * <li>separators {@code ", "} and {@code ": "} without indent, {@code ","} and {@code ": "} with indent (an empty
 *     list or dict stays {@code []}/{@code {}});</li>
 * <li>strings escaped like {@code JSON.stringify} ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other control
 *     characters and lone surrogates as lower-case four-digit u-escapes); {@code ensure_ascii} further escapes every
 *     char from U+007F up, UTF-16 unit by unit;</li>
 * <li>numbers as JavaScript prints them: an integral double has no fraction ({@code 1.0} → {@code 1}), exponents
 *     look like {@code 1e-7} / {@code 1e+21};</li>
 * <li>{@code sort_keys} orders keys by UTF-16 code units (Python's order; @huggingface/jinja's localeCompare
 *     differs only for mixed case).</li>
 * </ul>
 */
final class JsonWriter {

    /** {@code tojson} options; {@code indent} null means single-line, {@code separators} null means the default. */
    record Options(Integer indent, boolean ensureAscii, boolean sortKeys, String itemSeparator, String keySeparator) {

        static Options of(Integer indent, boolean ensureAscii, boolean sortKeys, List<String> separators) {
            String item = separators != null ? separators.get(0) : indent != null && indent > 0 ? "," : ", ";
            String key = separators != null ? separators.get(1) : ": ";
            return new Options(indent != null && indent > 0 ? indent : null, ensureAscii, sortKeys, item, key);
        }
    }

    private final Options options;
    private final StringBuilder out = new StringBuilder();

    private JsonWriter(Options options) {
        this.options = options;
    }

    static String write(Object value, Options options) {
        JsonWriter writer = new JsonWriter(options);
        writer.value(value, 0);
        return writer.out.toString();
    }

    private void value(Object value, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case BigInteger i -> out.append(i);
            case Number n -> out.append(JsNumbers.format(n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue()));
            case Map<?, ?> map -> object(map, depth);
            case Iterable<?> list -> array(list, depth);
            case Object[] array -> array(List.of(array), depth);
            case CharSequence s -> string(s.toString());
            default -> throw new PythonTypeError("tojson: cannot serialise a " + value.getClass().getSimpleName());
        }
    }

    private void array(Iterable<?> list, int depth) {
        List<Object> items = new ArrayList<>();
        list.forEach(items::add);
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            separator(i, depth + 1);
            value(items.get(i), depth + 1);
        }
        close(items.isEmpty(), depth);
        out.append(']');
    }

    private void object(Map<?, ?> map, int depth) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(new AbstractMap.SimpleImmutableEntry<>(String.valueOf(k), v)));
        if (options.sortKeys()) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separator(i, depth + 1);
            string(entries.get(i).getKey());
            out.append(options.keySeparator());
            value(entries.get(i).getValue(), depth + 1);
        }
        close(entries.isEmpty(), depth);
        out.append('}');
    }

    private void separator(int index, int depth) {
        if (index > 0) {
            out.append(options.itemSeparator());
        }
        newline(depth);
    }

    private void close(boolean empty, int depth) {
        if (!empty) {
            newline(depth);
        }
    }

    private void newline(int depth) {
        if (options.indent() != null) {
            out.append('\n').append(" ".repeat(options.indent() * depth));
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || loneSurrogate(s, i) || (options.ensureAscii() && c >= 0x7f)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
