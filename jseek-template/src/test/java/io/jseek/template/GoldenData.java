package io.jseek.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the committed golden data under {@code src/test/resources/golden}: the conversations
 * ({@code conversations.json}) and, per template, the outputs @huggingface/jinja rendered for them
 * (written by {@code tools/oracle/templates/regen.sh}).
 */
final class GoldenData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenData() {
    }

    static JsonNode read(String name) {
        try (InputStream in = GoldenData.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing golden resource " + name + ".json");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden files listed in {@code index.json}, without extension. */
    static List<String> templateNames() {
        List<String> names = new ArrayList<>();
        read("index").get("templates").forEach(n -> names.add(n.asText()));
        return names;
    }

    static JsonNode conversation(String name) {
        for (JsonNode c : read("conversations").get("conversations")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no conversation " + name);
    }

    /** The render options of a conversation: its tool set (by name) and extra kwargs. */
    static RenderOptions options(JsonNode conversation, boolean addGenerationPrompt) {
        RenderOptions options = RenderOptions.of(addGenerationPrompt);
        JsonNode tools = conversation.get("tools");
        if (tools != null) {
            List<JsonNode> defs = new ArrayList<>();
            read("conversations").get("tools").get(tools.asText()).forEach(defs::add);
            options = options.withTools(defs);
        }
        JsonNode kwargs = conversation.get("kwargs");
        if (kwargs != null) {
            for (var it = kwargs.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                options = options.withExtra(e.getKey(), e.getValue());
            }
        }
        return options;
    }

    static List<ChatMessage> messages(JsonNode conversation) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : conversation.get("messages")) {
            List<ToolCall> calls = new ArrayList<>();
            if (m.has("tool_calls")) {
                for (JsonNode c : m.get("tool_calls")) {
                    JsonNode f = c.get("function");
                    calls.add(new ToolCall(text(c, "id"), text(c, "type"), text(f, "name"), text(f, "arguments")));
                }
            }
            out.add(new ChatMessage(text(m, "role"), text(m, "content"), text(m, "reasoning_content"), calls,
                    text(m, "tool_call_id"), text(m, "name")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
