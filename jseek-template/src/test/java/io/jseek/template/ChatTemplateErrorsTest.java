package io.jseek.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a template can fail ends in one {@link ChatTemplateException} that names the problem. */
class ChatTemplateErrorsTest {

    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("hello"));

    private static ChatTemplateException renderFails(String source, List<ChatMessage> messages) {
        ChatTemplate template = ChatTemplate.jinja(source, "<s>", "</s>");
        return assertThrows(ChatTemplateException.class, () -> template.render(messages, RenderOptions.of(true)));
    }

    @Test
    void raiseExceptionCarriesTheTemplatesMessage() {
        // Jinjava's line numbers do not count newlines removed by trim_blocks, so none are removed before the raise.
        String source = "{{ bos_token }}\n{% for m in messages %}{% if m.role == 'user' and loop.first %}"
                + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
                + "{% endif %}{% endfor %}";
        ChatTemplateException e = renderFails(source, HELLO);
        assertEquals("template raised an exception: Conversation roles must alternate user/assistant/user/assistant/..."
                + " (template line 2)", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void syntaxErrorIsReportedWhenTheTemplateIsCreated() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.jinja("{{ bos_token }}\n{% for m in messages %}{{ m.content }}", "<s>", "</s>"));
        assertTrue(e.getMessage().contains("endfor"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void expressionSyntaxErrorIsReportedWhenRendering() {
        ChatTemplateException e = renderFails("line one\n{{ messages[0]['content' }}", HELLO);
        assertTrue(e.getMessage().startsWith("template error: "), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void unknownFilterIsAnError() {
        ChatTemplateException e = renderFails("{{ messages[0].content | shout }}", HELLO);
        assertEquals("template error: no filter named 'shout' (template line 1)", e.getMessage());
    }

    @Test
    void unknownTestIsAnError() {
        ChatTemplateException e = renderFails("{% if messages is loud %}x{% endif %}", HELLO);
        assertTrue(e.getMessage().contains("no test named 'loud'"), e.getMessage());
    }

    @Test
    void unknownFunctionIsAnError() {
        ChatTemplateException e = renderFails("{{ strftime_now('%Y') }}", HELLO);
        assertTrue(e.getMessage().contains("strftime_now"), e.getMessage());
    }

    @Test
    void concatenatingNoneIsATypeErrorNotTheTextNull() {
        ChatTemplateException e = renderFails("{{ '<｜User｜>' + messages[0].content }}", List.of(ChatMessage.user(null)));
        assertTrue(e.getMessage().contains("'+'") && e.getMessage().contains("none"), e.getMessage());
    }
}
