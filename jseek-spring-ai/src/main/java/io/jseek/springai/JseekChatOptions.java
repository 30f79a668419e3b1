package io.jseek.springai;

import io.jseek.text.tools.ToolChoice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Spring AI's tool-calling chat options plus jseek's {@link ToolChoice}, as providers add theirs (Spring AI has no
 * portable tool choice): {@link ToolChoice#REQUIRED} or a named function makes the answer one call of the tools,
 * enforced by constrained decoding.
 *
 * <pre>{@code
 * chatClient.prompt().user("Weather in Paris?").tools(weather)
 *         .options(JseekChatOptions.builder().toolChoice(ToolChoice.function("get_weather")))
 * }</pre>
 */
public class JseekChatOptions extends DefaultToolCallingChatOptions {
    private final ToolChoice toolChoice;

    protected JseekChatOptions(List<ToolCallback> toolCallbacks, Map<String, Object> toolContext, String model,
                               Double frequencyPenalty, Integer maxTokens, Double presencePenalty,
                               List<String> stopSequences, Double temperature, Integer topK, Double topP,
                               ToolChoice toolChoice) {
        super(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty, stopSequences,
                temperature, topK, topP);
        this.toolChoice = toolChoice;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code options} as jseek options: its own tool choice when it has one, else none. */
    static JseekChatOptions from(ChatOptions options) {
        return options instanceof JseekChatOptions j ? j : builder().combineWith(options.mutate()).build();
    }

    /** The tool choice, or null for the model's default ({@link ToolChoice#AUTO}). */
    public ToolChoice getToolChoice() {
        return toolChoice;
    }

    @Override
    public Builder mutate() {
        Builder b = builder().combineWith(super.mutate());
        b.toolChoice = toolChoice;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JseekChatOptions j && super.equals(o) && Objects.equals(toolChoice, j.toolChoice);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(toolChoice);
    }

    /** Builds {@link JseekChatOptions}; ChatClient merges a request's builder into the model's defaults. */
    public static class Builder extends DefaultToolCallingChatOptions.Builder<Builder> {
        private ToolChoice toolChoice;

        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = choice;
            return self();
        }

        /** Takes what {@code other} sets, its tool choice included. */
        @Override
        public Builder combineWith(ChatOptions.Builder<?> other) {
            super.combineWith(other);
            if (other instanceof Builder j && j.toolChoice != null) {
                this.toolChoice = j.toolChoice;
            }
            return self();
        }

        @Override
        public JseekChatOptions build() {
            return new JseekChatOptions(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens,
                    presencePenalty, stopSequences, temperature, topK, topP, toolChoice);
        }
    }
}
