package io.jseek.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in fallbacks; their full behaviour is covered by the builtin-* goldens. */
class ChatTemplatesTest {

    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("Be brief."),
            ChatMessage.user("Hi"),
            ChatMessage.assistant("Hello!"),
            ChatMessage.user("Bye"));

    @Test
    void llamaIsTheDeepSeekLlmChatFormat() {
        assertEquals("<｜begin▁of▁sentence｜>Be brief.\n\nUser: Hi\n\nAssistant: Hello!<｜end▁of▁sentence｜>User: Bye\n\n"
                + "Assistant:", ChatTemplates.builtIn("llama").render(CONVERSATION, RenderOptions.of(true)));
    }

    @Test
    void qwen2IsTheR1DistillFormat() {
        assertEquals("<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Bye"
                + "<｜Assistant｜><think>\n", ChatTemplates.builtIn("qwen2").render(CONVERSATION, RenderOptions.of(true)));
    }

    @Test
    void deepseek2IsTheV3Format() {
        assertEquals("<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Bye"
                + "<｜Assistant｜>", ChatTemplates.builtIn("deepseek2").render(CONVERSATION, RenderOptions.of(true)));
    }

    @Test
    void qwen3IsTheR1_0528FormatWhoseModelOpensItsOwnReasoning() {
        assertEquals("<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Bye"
                + "<｜Assistant｜>", ChatTemplates.builtIn("qwen3").render(CONVERSATION, RenderOptions.of(true)));
    }

    @Test
    void customSpecialTokens() {
        assertEquals("<s>User: Hi\n\nAssistant: Hello!</s>", ChatTemplates.builtIn("llama", "<s>", "</s>")
                .render(CONVERSATION.subList(1, 3), RenderOptions.of(false)));
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplates.builtIn("gpt2"));
        assertEquals("no built-in chat template for architecture 'gpt2'; known: deepseek2, llama, qwen2, qwen3",
                e.getMessage());
    }
}
