package io.jseek.template.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the public records and user-supplied trees into the plain values a template sees.
 *
 * <p>Messages follow the transformers convention: a dict with {@code role} and {@code content} (None when
 * absent) and, only when set, {@code reasoning_content}, {@code tool_calls}, {@code tool_call_id}, {@code name};
 * a tool call is {@code {id, type, function: {name, arguments}}} with the arguments as the JSON text given.
 * Trees (tools, extra variables) become {@link LinkedHashMap}/{@link ArrayList}/String/Long/Double/Boolean/null so
 * that insertion order survives into {@code tojson}; Jackson nodes are converted the same way.
 */
public final class TemplateValues {

    private TemplateValues() {
    }

    public static List<Object> messages(List<ChatMessage> messages) {
        List<Object> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(message(m));
        }
        return out;
    }

    static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        out.put("content", m.content());
        if (m.reasoningContent() != null) {
            out.put("reasoning_content", m.reasoningContent());
        }
        if (!m.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall call : m.toolCalls()) {
                calls.add(toolCall(call));
            }
            out.put("tool_calls", calls);
        }
        if (m.toolCallId() != null) {
            out.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null) {
            out.put("name", m.name());
        }
        return out;
    }

    private static Map<String, Object> toolCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Map<String, Object> out = new LinkedHashMap<>();
        if (call.id() != null) {
            out.put("id", call.id());
        }
        out.put("type", call.type());
        out.put("function", function);
        return out;
    }

    /** A copy of a Map/List/scalar/JsonNode tree made of the plain types listed in the class comment. */
    public static Object tree(Object value) {
        return switch (value) {
            case null -> null;
            case JsonNode node -> json(node);
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), tree(v)));
                yield out;
            }
            case Iterable<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(tree(v)));
                yield out;
            }
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            default -> value;
        };
    }

    private static Object json(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), json(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(v -> out.add(json(v)));
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }
}
