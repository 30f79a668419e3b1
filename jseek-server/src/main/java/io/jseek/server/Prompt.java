package io.jseek.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.template.ChatMessage;
import io.jseek.text.tools.ToolChoice;
import java.util.List;
import java.util.Objects;

/**
 * What a generation continues. Every text in it came from a client: a backend must tokenize it as plain text, never
 * turning markup such as {@code <｜User｜>} into control tokens.
 */
public sealed interface Prompt {

    /**
     * A conversation, rendered with the model's chat template.
     *
     * @param messages the turns, oldest first
     * @param tools the {@code tools} array elements ({@code {type: function, function: {name, description,
     *     parameters}}}), as the template expects them; empty when none
     * @param toolChoice {@code none}, {@code auto}, {@code required} or a function name
     * @param thinking true / false to switch reasoning on / off ({@code thinking.type} or the model alias), null for
     *     the model's default
     * @param reasoningEffort {@code high} or {@code max} when given (low and medium map to high), else null
     * @param continueLastMessage the last message is an assistant turn with {@code prefix: true}: continue it instead
     *     of opening a new turn
     */
    record Chat(List<ChatMessage> messages, List<JsonNode> tools, ToolChoice toolChoice, Boolean thinking,
                String reasoningEffort, boolean continueLastMessage) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            tools = List.copyOf(tools);
        }
    }

    /**
     * A raw text continued as-is; with a suffix, fill-in-the-middle with the model's FIM tokens.
     *
     * @param text the prompt
     * @param suffix the text after the hole, or null for plain completion
     */
    record Text(String text, String suffix) implements Prompt {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }
}
