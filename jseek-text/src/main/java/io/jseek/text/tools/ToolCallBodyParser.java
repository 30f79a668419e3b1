package io.jseek.text.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.template.ToolCall;

/**
 * Reads one call from the text between its begin and end markers. Accepted layouts:
 * <ul>
 *   <li>V3/R1: {@code function<｜tool▁sep｜>NAME\n```json\nARGS\n```}</li>
 *   <li>V3.1 and llama.cpp's reworked R1 template: {@code NAME<｜tool▁sep｜>ARGS}, ARGS possibly fenced</li>
 *   <li>Hermes: {@code {"name": NAME, "arguments": {...}}}</li>
 * </ul>
 * Arguments are returned as JSON text, verbatim when the model wrote text (clients parse it), {@code {}} when empty.
 */
final class ToolCallBodyParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ToolCallBodyParser() {
    }

    /** The call, or null when the body fits no layout. */
    static ToolCall parse(String body) {
        int[] sep = ToolCallMarkers.find(body, 0, ToolCallMarkers.SEP);
        if (sep == null) {
            return parseJson(body);
        }
        String before = body.substring(0, sep[0]).strip();
        String after = body.substring(sep[0] + sep[1]);
        String name;
        String args;
        if (before.isEmpty() || before.equals("function")) {
            int nl = after.indexOf('\n');
            name = (nl < 0 ? after : after.substring(0, nl)).strip();
            args = nl < 0 ? "" : after.substring(nl + 1);
        } else {
            name = before;
            args = after;
        }
        if (name.isEmpty()) {
            return null;
        }
        return ToolCall.function(null, name, unfence(args));
    }

    /** A Hermes-style body: a JSON object with {@code name} and {@code arguments}. */
    static ToolCall parseJson(String body) {
        try {
            JsonNode n = MAPPER.readTree(body.strip());
            if (n == null || !n.isObject() || !n.path("name").isTextual()) {
                return null;
            }
            JsonNode args = n.get("arguments");
            String text = args == null || args.isNull() ? "{}" : args.isTextual() ? args.textValue() : args.toString();
            return ToolCall.function(null, n.get("name").textValue(), text);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The arguments without a Markdown code fence and surrounding blank space. */
    private static String unfence(String args) {
        String s = args.strip();
        if (s.startsWith("```")) {
            int nl = s.indexOf('\n');
            s = nl < 0 ? s.substring(3) : s.substring(nl + 1);
            s = s.strip();
        }
        if (s.endsWith("```")) {
            s = s.substring(0, s.length() - 3).strip();
        }
        return s.isEmpty() ? "{}" : s;
    }
}
