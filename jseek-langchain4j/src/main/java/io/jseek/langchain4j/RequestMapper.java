package io.jseek.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.jseek.api.ChatOptions;
import io.jseek.api.GenerateOptions;
import io.jseek.api.SamplingOptions;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import io.jseek.text.json.ResponseFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a LangChain4j {@link ChatRequest} into jseek's messages and {@link ChatOptions}. */
final class RequestMapper {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestMapper() {
    }

    static List<ChatMessage> messages(List<dev.langchain4j.data.message.ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (dev.langchain4j.data.message.ChatMessage m : messages) {
            out.add(switch (m) {
                case SystemMessage s -> ChatMessage.system(s.text());
                case UserMessage u when u.hasSingleText() -> ChatMessage.user(u.singleText());
                case UserMessage u -> throw new UnsupportedFeatureException(
                        "jseek models read text only; a user message holds " + u.contents().size() + " contents");
                case AiMessage a -> assistant(a);
                case ToolExecutionResultMessage t -> ChatMessage.tool(t.id(), t.text());
                default -> throw new UnsupportedFeatureException("message type " + m.type() + " is not supported");
            });
        }
        return out;
    }

    private static ChatMessage assistant(AiMessage a) {
        if (!a.hasToolExecutionRequests()) {
            return ChatMessage.assistant(a.text() == null ? "" : a.text(), a.thinking());
        }
        List<ToolCall> calls = new ArrayList<>();
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
            calls.add(ToolCall.function(r.id(), r.name(), r.arguments()));
        }
        return new ChatMessage("assistant", a.text(), a.thinking(), calls, null, null);
    }

    /**
     * The options of one request.
     *
     * @param p the request's parameters, already defaulted by the model's
     * @param seed the sampler seed (LangChain4j has none), null for a random one
     */
    static ChatOptions options(ChatRequestParameters p, Long seed) {
        SamplingOptions sampling = new SamplingOptions(p.temperature(), p.topP(), p.topK(), p.frequencyPenalty(),
                p.presencePenalty(), seed);
        GenerateOptions generation = GenerateOptions.greedy().withSampling(sampling.toSamplerParams())
                .withStop(p.stopSequences());
        if (p.maxOutputTokens() != null) {
            generation = generation.withMaxTokens(p.maxOutputTokens());
        }
        return ChatOptions.of(generation).withTools(tools(p)).withResponseFormat(format(p.responseFormat()))
                .withToolChoice(p.toolChoice() == ToolChoice.REQUIRED ? io.jseek.text.tools.ToolChoice.REQUIRED
                        : io.jseek.text.tools.ToolChoice.AUTO);
    }

    private static List<Map<String, Object>> tools(ChatRequestParameters p) {
        List<ToolSpecification> specs = p.toolSpecifications();
        if (specs == null || specs.isEmpty() || p.toolChoice() == ToolChoice.NONE) {
            return null;
        }
        List<Map<String, Object>> tools = new ArrayList<>(specs.size());
        for (ToolSpecification s : specs) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", s.name());
            if (s.description() != null) {
                function.put("description", s.description());
            }
            function.put("parameters", s.parameters() == null ? Map.of("type", "object", "properties", Map.of())
                    : JsonSchemaElementUtils.toMap(s.parameters()));
            tools.add(Map.of("type", "function", "function", function));
        }
        return tools;
    }

    private static ResponseFormat format(dev.langchain4j.model.chat.request.ResponseFormat format) {
        if (format == null || format.type() == ResponseFormatType.TEXT) {
            return ResponseFormat.TEXT;
        }
        JsonSchema schema = format.jsonSchema();
        if (schema == null) {
            return ResponseFormat.JSON_OBJECT;
        }
        JsonNode node = MAPPER.valueToTree(JsonSchemaElementUtils.toMap(schema.rootElement()));
        return ResponseFormat.jsonSchema(schema.name(), node);
    }
}
