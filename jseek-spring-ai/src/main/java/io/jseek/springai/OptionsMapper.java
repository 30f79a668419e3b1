package io.jseek.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.api.ChatOptions;
import io.jseek.api.GenerateOptions;
import io.jseek.api.SamplingOptions;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.tools.ToolChoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.tool.definition.ToolDefinition;

/** Spring AI chat options (a request's over the model's defaults) to jseek's {@link ChatOptions}. */
final class OptionsMapper {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OptionsMapper() {
    }

    /**
     * @param request the prompt's options, or null
     * @param defaults the model's options
     * @param tools the tools to offer (resolved from the options' callbacks)
     * @param seed the sampler seed (Spring AI has none), null for a random one
     */
    static ChatOptions options(org.springframework.ai.chat.prompt.ChatOptions request,
                               org.springframework.ai.chat.prompt.ChatOptions defaults, List<ToolDefinition> tools,
                               Long seed) {
        org.springframework.ai.chat.prompt.ChatOptions r = request != null ? request : defaults;
        SamplingOptions sampling = new SamplingOptions(or(r.getTemperature(), defaults.getTemperature()),
                or(r.getTopP(), defaults.getTopP()), or(r.getTopK(), defaults.getTopK()),
                or(r.getFrequencyPenalty(), defaults.getFrequencyPenalty()),
                or(r.getPresencePenalty(), defaults.getPresencePenalty()), seed);
        GenerateOptions generation = GenerateOptions.greedy().withSampling(sampling.toSamplerParams())
                .withStop(or(r.getStopSequences(), defaults.getStopSequences()));
        Integer max = or(r.getMaxTokens(), defaults.getMaxTokens());
        if (max != null) {
            generation = generation.withMaxTokens(max);
        }
        return ChatOptions.of(generation).withTools(tools(tools)).withResponseFormat(format(r))
                .withToolChoice(or(toolChoice(r), toolChoice(defaults)));
    }

    private static ToolChoice toolChoice(org.springframework.ai.chat.prompt.ChatOptions options) {
        return options instanceof JseekChatOptions j ? j.getToolChoice() : null;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static List<Map<String, Object>> tools(List<ToolDefinition> definitions) {
        List<Map<String, Object>> tools = new ArrayList<>(definitions.size());
        for (ToolDefinition d : definitions) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", d.name());
            function.put("description", d.description());
            function.put("parameters", json(d.inputSchema()));
            tools.add(Map.of("type", "function", "function", function));
        }
        return tools;
    }

    /** Native structured output: a schema given with {@link StructuredOutputChatOptions} is enforced. */
    private static ResponseFormat format(org.springframework.ai.chat.prompt.ChatOptions options) {
        if (options instanceof StructuredOutputChatOptions s && s.getOutputSchema() != null) {
            return ResponseFormat.jsonSchema("output", json(s.getOutputSchema()));
        }
        return ResponseFormat.TEXT;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid JSON schema: " + e.getMessage(), e);
        }
    }
}
