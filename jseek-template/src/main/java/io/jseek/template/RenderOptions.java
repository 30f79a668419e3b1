package io.jseek.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chat template is rendered with besides the messages.
 *
 * @param addGenerationPrompt whether to end with the opening of an assistant turn (template variable {@code add_generation_prompt})
 * @param tools               JSON-schema tool definitions ({@code {type: "function", function: {name, description, parameters}}}),
 *                            each a {@code Map}/{@code List}/scalar tree or a Jackson {@code JsonNode}; null when there are none
 *                            (the template then sees {@code tools} as None, as in transformers)
 * @param extra               further template variables, e.g. {@code enable_thinking} or {@code thinking}; values may be
 *                            Java trees or Jackson nodes like the tools; never null
 */
public record RenderOptions(boolean addGenerationPrompt, List<?> tools, Map<String, ?> extra) {

    public static final RenderOptions DEFAULT = new RenderOptions(true, null, Map.of());

    public RenderOptions {
        tools = tools == null ? null : List.copyOf(tools);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** No tools, no extra variables. */
    public static RenderOptions of(boolean addGenerationPrompt) {
        return new RenderOptions(addGenerationPrompt, null, Map.of());
    }

    public RenderOptions withTools(List<?> tools) {
        return new RenderOptions(addGenerationPrompt, tools, extra);
    }

    public RenderOptions withExtra(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extra);
        copy.put(name, value);
        return new RenderOptions(addGenerationPrompt, tools, copy);
    }
}
