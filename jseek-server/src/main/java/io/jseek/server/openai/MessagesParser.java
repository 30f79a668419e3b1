package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.server.ApiException;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code messages} array into template messages. Content may be a string or OpenAI's array of text parts
 * (joined); {@code developer} is read as {@code system}, as OpenAI defines it. Tool-call arguments given as an object
 * rather than the JSON string OpenAI specifies are serialized, since several clients send them that way.
 */
final class MessagesParser {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** The messages, and whether the last one is an assistant prefix to continue. */
    record Messages(List<ChatMessage> messages, boolean continueLast) {
    }

    private MessagesParser() {
    }

    static Messages parse(JsonNode body) {
        JsonNode array = JsonFields.array(body, "messages", "messages");
        if (array == null) {
            throw ApiException.badRequest("messages", "Missing required parameter: messages");
        }
        if (array.isEmpty()) {
            throw ApiException.invalidParameter("messages", "messages must not be empty");
        }
        List<ChatMessage> out = new ArrayList<>(array.size());
        boolean prefix = false;
        for (int i = 0; i < array.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode m = array.get(i);
            if (!m.isObject()) {
                throw ApiException.badRequest(param, param + " must be an object");
            }
            out.add(message(m, param));
            if (JsonFields.bool(m, "prefix", false)) {
                if (i != array.size() - 1 || !out.getLast().role().equals("assistant")) {
                    throw ApiException.invalidParameter(param + ".prefix",
                            "prefix: true is only allowed on the last message, an assistant turn");
                }
                prefix = true;
            }
        }
        return new Messages(out, prefix);
    }

    private static ChatMessage message(JsonNode m, String param) {
        String role = JsonFields.requiredString(m, "role", param + ".role");
        if (!ROLES.contains(role)) {
            throw ApiException.invalidParameter(param + ".role", "role must be one of system, user, assistant, tool");
        }
        String content = content(m, param + ".content");
        String reasoning = JsonFields.string(m, "reasoning_content", param + ".reasoning_content");
        List<ToolCall> calls = role.equals("assistant") ? toolCalls(m, param + ".tool_calls") : List.of();
        String toolCallId = JsonFields.string(m, "tool_call_id", param + ".tool_call_id");
        String name = JsonFields.string(m, "name", param + ".name");
        if (content == null && calls.isEmpty() && !role.equals("assistant")) {
            throw ApiException.badRequest(param + ".content", "Missing required parameter: " + param + ".content");
        }
        if (role.equals("tool") && toolCallId == null) {
            throw ApiException.badRequest(param + ".tool_call_id", "a tool message needs tool_call_id");
        }
        String r = role.equals("developer") ? "system" : role;
        return new ChatMessage(r, content, role.equals("assistant") ? reasoning : null, calls, toolCallId, name);
    }

    private static String content(JsonNode m, String param) {
        JsonNode c = JsonFields.get(m, "content");
        if (c == null) {
            return null;
        }
        if (c.isTextual()) {
            return c.textValue();
        }
        if (!c.isArray()) {
            throw ApiException.badRequest(param, param + " must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : c) {
            if (!part.isObject() || !"text".equals(JsonFields.string(part, "type", param + ".type"))) {
                throw ApiException.invalidParameter(param, "only text content parts are supported");
            }
            text.append(JsonFields.requiredString(part, "text", param + ".text"));
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode m, String param) {
        JsonNode array = JsonFields.array(m, "tool_calls", param);
        if (array == null) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String p = param + "[" + i + "]";
            JsonNode call = array.get(i);
            if (!call.isObject()) {
                throw ApiException.badRequest(p, p + " must be an object");
            }
            String type = JsonFields.string(call, "type", p + ".type");
            JsonNode function = JsonFields.object(call, "function", p + ".function");
            if (function == null || (type != null && !type.equals("function"))) {
                throw ApiException.badRequest(p, p + " must be a function call");
            }
            String name = JsonFields.requiredString(function, "name", p + ".function.name");
            JsonNode args = JsonFields.get(function, "arguments");
            String arguments = args == null ? "{}" : args.isTextual() ? args.textValue() : args.toString();
            calls.add(ToolCall.function(JsonFields.string(call, "id", p + ".id"), name, arguments));
        }
        return calls;
    }
}
