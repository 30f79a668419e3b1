package io.jseek.springai;

import io.jseek.api.ChatResult;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/** Spring AI messages to jseek's, and jseek's results to Spring AI responses. */
final class MessageMapper {
    /** The key of the reasoning ({@code <think>}) in the assistant message's metadata. */
    static final String REASONING = "reasoningContent";

    private MessageMapper() {
    }

    static List<ChatMessage> messages(List<Message> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            switch (m) {
                case SystemMessage s -> out.add(ChatMessage.system(s.getText()));
                case UserMessage u when !u.getMedia().isEmpty() -> throw new IllegalArgumentException(
                        "jseek models read text only; a user message holds " + u.getMedia().size() + " media");
                case UserMessage u -> out.add(ChatMessage.user(u.getText()));
                case AssistantMessage a -> out.add(assistant(a));
                case ToolResponseMessage t -> t.getResponses().forEach(r -> out.add(ChatMessage.tool(r.id(),
                        r.responseData())));
                default -> throw new IllegalArgumentException("message type " + m.getMessageType()
                        + " is not supported");
            }
        }
        return out;
    }

    private static ChatMessage assistant(AssistantMessage a) {
        Object reasoning = a.getMetadata().get(REASONING);
        String r = reasoning instanceof String s && !s.isEmpty() ? s : null;
        if (!a.hasToolCalls()) {
            return ChatMessage.assistant(a.getText() == null ? "" : a.getText(), r);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (AssistantMessage.ToolCall c : a.getToolCalls()) {
            calls.add(ToolCall.function(c.id(), c.name(), c.arguments()));
        }
        String text = a.getText() == null || a.getText().isEmpty() ? null : a.getText();
        return new ChatMessage("assistant", text, r, calls, null, null);
    }

    /** A Spring AI tool call, with a fresh id when the model gave none (the tool response refers to it). */
    static AssistantMessage.ToolCall toolCall(ToolCall call) {
        String id = call.id() != null ? call.id() : "call_" + UUID.randomUUID().toString().replace("-", "");
        return new AssistantMessage.ToolCall(id, "function", call.name(), call.arguments());
    }

    /** The whole answer: text, reasoning in the metadata, tool calls, finish reason and usage. */
    static ChatResponse response(ChatResult r, String modelName) {
        List<AssistantMessage.ToolCall> calls = r.toolCalls().stream().map(MessageMapper::toolCall).toList();
        AssistantMessage message = AssistantMessage.builder().content(r.content())
                .properties(r.reasoning().isEmpty() ? Map.of() : Map.of(REASONING, r.reasoning()))
                .toolCalls(calls).build();
        return new ChatResponse(List.of(new Generation(message, ChatGenerationMetadata.builder()
                .finishReason(finishReason(r, !calls.isEmpty())).build())), metadata(r, modelName));
    }

    /** One streamed piece: a content delta, or a reasoning delta in the metadata. */
    static ChatResponse delta(String content, String reasoning) {
        AssistantMessage message = AssistantMessage.builder().content(content)
                .properties(reasoning == null ? Map.of() : Map.of(REASONING, reasoning)).build();
        return new ChatResponse(List.of(new Generation(message)));
    }

    static ChatResponseMetadata metadata(ChatResult r, String modelName) {
        return ChatResponseMetadata.builder().model(modelName)
                .usage(new DefaultUsage(r.promptTokens(), r.completionTokens())).build();
    }

    /** OpenAI's names, as Spring AI's providers report them. */
    static String finishReason(ChatResult r, boolean calls) {
        if (calls) {
            return "TOOL_CALLS";
        }
        return switch (r.finishReason()) {
            case STOP -> "STOP";
            case LENGTH -> "LENGTH";
            case CANCELLED -> "CANCELLED";
            case ERROR -> "ERROR";
        };
    }
}
