package io.jseek.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.jseek.api.ChatResult;
import io.jseek.template.ToolCall;
import java.util.List;
import java.util.UUID;

/** Turns a jseek {@link ChatResult} into a LangChain4j {@link ChatResponse}. */
final class ResponseMapper {
    private ResponseMapper() {
    }

    /** A tool call for LangChain4j, with a fresh id when the model gave none (results refer to it). */
    static ToolExecutionRequest toolRequest(ToolCall call) {
        String id = call.id() != null ? call.id() : "call_" + UUID.randomUUID().toString().replace("-", "");
        return ToolExecutionRequest.builder().id(id).name(call.name()).arguments(call.arguments()).build();
    }

    /**
     * @param requests the tool calls already converted (streaming reported them with their ids)
     * @param returnThinking whether the reasoning goes into {@link AiMessage#thinking()}
     */
    static ChatResponse response(ChatResult r, List<ToolExecutionRequest> requests, boolean returnThinking,
                                 String modelName) {
        AiMessage.Builder message = AiMessage.builder().text(r.content().isEmpty() && !requests.isEmpty() ? null
                : r.content());
        if (returnThinking && !r.reasoning().isEmpty()) {
            message.thinking(r.reasoning());
        }
        if (!requests.isEmpty()) {
            message.toolExecutionRequests(requests);
        }
        return ChatResponse.builder().aiMessage(message.build()).modelName(modelName)
                .tokenUsage(new TokenUsage(r.promptTokens(), r.completionTokens()))
                .finishReason(finishReason(r, !requests.isEmpty())).build();
    }

    private static FinishReason finishReason(ChatResult r, boolean calls) {
        if (calls) {
            return FinishReason.TOOL_EXECUTION;
        }
        return switch (r.finishReason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CANCELLED, ERROR -> FinishReason.OTHER;
        };
    }
}
