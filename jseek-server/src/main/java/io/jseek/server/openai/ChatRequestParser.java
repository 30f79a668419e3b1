package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.server.ApiException;
import io.jseek.server.GenerationRequest;
import io.jseek.server.ModelNames;
import io.jseek.server.Prompt;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.tools.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates a chat-completions body into a {@link ChatCompletionRequest}, following DeepSeek's rules: {@code thinking}
 * wins over the model name's mode; logprobs are refused while thinking (the chain of thought has none to give);
 * {@code max_completion_tokens} is read as {@code max_tokens}. Unknown fields are ignored, as OpenAI clients send
 * extras.
 */
final class ChatRequestParser {
    private static final List<String> EFFORTS = List.of("low", "medium", "high", "max");

    private final ModelNames models;

    ChatRequestParser(ModelNames models) {
        this.models = models;
    }

    ChatCompletionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest(null, "The request body must be a JSON object");
        }
        String model = JsonFields.requiredString(body, "model", "model");
        MessagesParser.Messages messages = MessagesParser.parse(body);
        Boolean thinking = thinking(body, models.thinkingFor(model).orElse(null));
        String effort = JsonFields.oneOf(body, "reasoning_effort", "reasoning_effort", EFFORTS);
        List<JsonNode> tools = tools(body);
        ToolChoice choice = toolChoice(body, tools);
        boolean logprobs = JsonFields.bool(body, "logprobs", false);
        int top = (int) JsonFields.integer(body, "top_logprobs", 0, 20, 0);
        if (top > 0 && !logprobs) {
            throw ApiException.invalidParameter("top_logprobs", "top_logprobs requires logprobs: true");
        }
        if (logprobs && Boolean.TRUE.equals(thinking)) {
            throw ApiException.badRequest("logprobs", "logprobs are not supported in thinking mode");
        }
        boolean stream = JsonFields.bool(body, "stream", false);
        JsonNode options = JsonFields.object(body, "stream_options", "stream_options");
        boolean includeUsage = options != null && JsonFields.bool(options, "include_usage", false);
        String effortLevel = effort == null ? null : effort.equals("max") ? "max" : "high";
        Prompt.Chat prompt = new Prompt.Chat(messages.messages(), tools, choice, thinking, effortLevel,
                messages.continueLast());
        GenerationRequest generation = new GenerationRequest(prompt, RequestFields.sampling(body),
                maxTokens(body), JsonFields.stop(body), logprobs, top, responseFormat(body));
        boolean parseCalls = !tools.isEmpty() && !choice.mode().equals("none");
        return new ChatCompletionRequest(model, stream, includeUsage, parseCalls, generation);
    }

    private static int maxTokens(JsonNode body) {
        long completion = JsonFields.integer(body, "max_completion_tokens", 1, Integer.MAX_VALUE, 0);
        return (int) JsonFields.integer(body, "max_tokens", 1, Integer.MAX_VALUE, completion);
    }

    private static Boolean thinking(JsonNode body, Boolean byModel) {
        JsonNode t = JsonFields.object(body, "thinking", "thinking");
        if (t == null) {
            return byModel;
        }
        String type = JsonFields.oneOf(t, "type", "thinking.type", List.of("enabled", "disabled"));
        if (type == null) {
            throw ApiException.badRequest("thinking.type", "Missing required parameter: thinking.type");
        }
        return type.equals("enabled");
    }

    private static List<JsonNode> tools(JsonNode body) {
        JsonNode array = JsonFields.array(body, "tools", "tools");
        List<JsonNode> tools = new ArrayList<>();
        if (array == null) {
            return tools;
        }
        if (array.size() > 128) {
            throw ApiException.invalidParameter("tools", "tools takes at most 128 functions");
        }
        for (int i = 0; i < array.size(); i++) {
            String p = "tools[" + i + "]";
            JsonNode tool = array.get(i);
            if (!tool.isObject() || !"function".equals(JsonFields.string(tool, "type", p + ".type"))) {
                throw ApiException.badRequest(p, p + " must be {type: \"function\", function: {...}}");
            }
            JsonNode function = JsonFields.object(tool, "function", p + ".function");
            if (function == null) {
                throw ApiException.badRequest(p + ".function", "Missing required parameter: " + p + ".function");
            }
            JsonFields.requiredString(function, "name", p + ".function.name");
            JsonFields.object(function, "parameters", p + ".function.parameters");
            tools.add(tool);
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode body, List<JsonNode> tools) {
        boolean haveTools = !tools.isEmpty();
        JsonNode c = JsonFields.get(body, "tool_choice");
        if (c == null) {
            return haveTools ? ToolChoice.AUTO : ToolChoice.NONE;
        }
        if (c.isTextual()) {
            String mode = JsonFields.oneOf(body, "tool_choice", "tool_choice", List.of("none", "auto", "required"));
            if (!mode.equals("none") && !haveTools) {
                throw ApiException.invalidParameter("tool_choice", "tool_choice " + mode + " needs tools");
            }
            return new ToolChoice(ToolChoice.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), null);
        }
        if (!c.isObject()) {
            throw ApiException.badRequest("tool_choice", "tool_choice must be a string or an object");
        }
        JsonNode f = JsonFields.object(c, "function", "tool_choice.function");
        String name = f == null ? null : JsonFields.string(f, "name", "tool_choice.function.name");
        if (name == null) {
            throw ApiException.badRequest("tool_choice.function.name", "tool_choice needs function.name");
        }
        if (!haveTools) {
            throw ApiException.invalidParameter("tool_choice", "tool_choice names a function but no tools are given");
        }
        if (tools.stream().noneMatch(t -> name.equals(t.path("function").path("name").asText()))) {
            throw ApiException.badRequest("tool_choice.function.name", "tool_choice.function.name `" + name
                    + "` is not one of the functions in tools");
        }
        return ToolChoice.function(name);
    }

    private static ResponseFormat responseFormat(JsonNode body) {
        JsonNode f = JsonFields.object(body, "response_format", "response_format");
        if (f == null) {
            return ResponseFormat.TEXT;
        }
        String type = JsonFields.oneOf(f, "type", "response_format.type",
                List.of("text", "json_object", "json_schema"));
        if (type == null || type.equals("text")) {
            return ResponseFormat.TEXT;
        }
        if (type.equals("json_object")) {
            return new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, false);
        }
        JsonNode spec = JsonFields.object(f, "json_schema", "response_format.json_schema");
        if (spec == null) {
            throw ApiException.badRequest("response_format.json_schema", "json_schema is required");
        }
        String name = JsonFields.requiredString(spec, "name", "response_format.json_schema.name");
        JsonNode schema = JsonFields.object(spec, "schema", "response_format.json_schema.schema");
        return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, name, schema,
                JsonFields.bool(spec, "strict", false));
    }
}
