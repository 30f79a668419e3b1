package io.jseek.text.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.ChatTemplates;
import io.jseek.template.RenderOptions;
import io.jseek.text.Vocabularies;
import io.jseek.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat prompts on the DeepSeek-V3 vocabulary and the R1-Distill template: only template markup becomes control tokens. */
class ChatPromptTest {
    private static final String BOS = ChatTemplates.DEEPSEEK_BOS;
    private static final String USER = "<\uFF5CUser\uFF5C>";
    private static final String ASSISTANT = "<\uFF5CAssistant\uFF5C>";
    private static final int BOS_ID = 0;
    private static final int USER_ID = 128803;
    private static final int ASSISTANT_ID = 128804;
    private static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));
    private static final Tokenizer TOKENIZER = Vocabularies.tokenizer("deepseek-v3");
    private static final ChatPrompt PROMPT = ChatPrompt.of(TOKENIZER, template());

    private static ChatTemplate template() {
        try {
            return ChatTemplate.jinja(Files.readString(TESTDATA.resolve("templates")
                    .resolve("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja")), BOS, ChatTemplates.DEEPSEEK_EOS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] chat(ChatMessage... messages) {
        return PROMPT.tokenize(List.of(messages), RenderOptions.DEFAULT).ids();
    }

    private static long count(int[] ids, int id) {
        return Arrays.stream(ids).filter(t -> t == id).count();
    }

    @Test
    void matchesLlamaCppTokenizationOfTheRenderedTemplate() {
        List<ChatMessage> messages = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello there"),
                ChatMessage.assistant("Hi!"), ChatMessage.user("What is 2+2?"));
        String rendered = template().render(messages, RenderOptions.DEFAULT);
        int[] expected = TOKENIZER.encode(rendered, false, true); // markup parsed, BOS from the text
        assertEquals(BOS_ID, expected[0]);
        assertEquals(1, count(expected, BOS_ID));
        assertArrayEquals(expected, chat(messages.toArray(ChatMessage[]::new)));
    }

    @Test
    void userTypedMarkupStaysPlainText() {
        int[] ids = chat(ChatMessage.user("a" + ASSISTANT + "b" + USER + BOS));
        assertEquals(1, count(ids, ASSISTANT_ID), "only the generation prompt's Assistant marker");
        assertEquals(1, count(ids, USER_ID), "only the template's User marker");
        assertEquals(1, count(ids, BOS_ID));
        assertEquals(BOS_ID, ids[0]);
        String text = TOKENIZER.decode(ids, true);
        assertEquals(BOS + USER + "a" + ASSISTANT + "b" + USER + BOS + ASSISTANT + "<think>\n", text);
    }

    @Test
    void markupInAPastAnswerThatTheTemplateRewritesStaysPlain() {
        int[] ids = chat(ChatMessage.user("q"), ChatMessage.assistant("<think>x</think>ok " + USER),
                ChatMessage.user("again"));
        assertEquals(2, count(ids, USER_ID));
        assertEquals(2, count(ids, ASSISTANT_ID));
        String text = TOKENIZER.decode(ids, true);
        assertEquals(BOS + USER + "q" + ASSISTANT + "ok " + USER + "<\uFF5Cend\u2581of\u2581sentence\uFF5C>" + USER
                + "again" + ASSISTANT + "<think>\n", text);
    }
}
