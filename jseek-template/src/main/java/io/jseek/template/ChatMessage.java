package io.jseek.template;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, in the OpenAI / Hugging Face chat shape.
 *
 * <p>Templates see it as a dict with {@code role} and {@code content} (None when null) and, only when
 * present, {@code reasoning_content}, {@code tool_calls}, {@code tool_call_id} and {@code name}.
 *
 * @param role             {@code system}, {@code user}, {@code assistant} or {@code tool} (other roles are passed through)
 * @param content          the text; null for an assistant turn that only calls tools
 * @param reasoningContent the reasoning of an assistant turn kept apart from the content, or null
 * @param toolCalls        the calls requested by an assistant turn; empty when none (never null)
 * @param toolCallId       for a tool result: the id of the call it answers, or null
 * @param name             for a tool result: the function name, or null
 */
public record ChatMessage(String role, String content, String reasoningContent, List<ToolCall> toolCalls,
                          String toolCallId, String name) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, List.of(), null, null);
    }

    /** An assistant turn whose reasoning is kept apart from its answer. */
    public static ChatMessage assistant(String content, String reasoningContent) {
        return new ChatMessage("assistant", content, reasoningContent, List.of(), null, null);
    }

    /** An assistant turn that only calls tools (content null, as the templates expect). */
    public static ChatMessage assistantToolCalls(List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", null, null, toolCalls, null, null);
    }

    /** The result of the tool call {@code toolCallId}. */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, null, List.of(), toolCallId, null);
    }
}
