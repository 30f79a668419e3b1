package io.jseek.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/** {@link JseekChatModel} on the scripted model, each answer compared with {@link JseekModel#chat} greedy. */
@Timeout(120)
class JseekChatModelTest {
    @TempDir
    static Path dir;
    static JseekModel jseek;
    static JseekModel reference;
    static JseekChatModel model;

    @BeforeAll
    static void load() throws IOException {
        Path file = ScriptedModel.write(dir.resolve("scripted.gguf"));
        jseek = JseekModel.load(file, new LoadOptions(1, 512, false));
        reference = JseekModel.load(file, new LoadOptions(1, 512, false));
        model = new JseekChatModel(jseek, ToolCallingChatOptions.builder().temperature(0.0).build(), null,
                org.springframework.ai.model.tool.ToolCallingManager.builder().build());
    }

    @AfterAll
    static void close() {
        model.close();
        jseek.close();
        reference.close();
    }

    static ChatResult expected(List<ChatMessage> messages) {
        return reference.chat(messages, ChatOptions.of(GenerateOptions.greedy()), ChatListener.NONE);
    }

    @Test
    void callAnswersAsJseekWithReasoningUsageAndFinishReason() {
        ChatResponse r = model.call(new Prompt(List.of(new SystemMessage("Be brief."), new UserMessage("Hi"))));
        ChatResult expected = expected(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")));
        assertEquals(ScriptedModel.ANSWER, r.getResult().getOutput().getText());
        assertEquals(expected.content(), r.getResult().getOutput().getText());
        assertEquals(expected.reasoning(), r.getResult().getOutput().getMetadata().get("reasoningContent"));
        assertEquals("STOP", r.getResult().getMetadata().getFinishReason());
        assertEquals(expected.promptTokens(), r.getMetadata().getUsage().getPromptTokens());
        assertEquals(expected.completionTokens(), r.getMetadata().getUsage().getCompletionTokens());
    }

    @Test
    void promptOptionsOverrideTheDefaults() {
        ChatResponse r = model.call(new Prompt("Hi", ToolCallingChatOptions.builder().maxTokens(3).build()));
        assertEquals("LENGTH", r.getResult().getMetadata().getFinishReason());
        assertEquals(3, r.getMetadata().getUsage().getCompletionTokens());
    }

    @Test
    void chatClientRunsTheToolAndAnswersWithItsResult() {
        WeatherTools tools = new WeatherTools();
        String answer = ChatClient.create(model).prompt().user("What is the weather in Paris?").tools(tools).call()
                .content();
        assertEquals(ScriptedModel.TOOL_ANSWER, answer);
        assertEquals(List.of("Paris"), tools.cities());
    }

    @Test
    void streamDeliversReasoningThenAnswerThenTheFinish() {
        List<ChatResponse> pieces = model.stream(new Prompt("Hi")).collectList().block();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (ChatResponse p : pieces) {
            text.append(p.getResult().getOutput().getText());
            Object r = p.getResult().getOutput().getMetadata().get("reasoningContent");
            reasoning.append(r == null ? "" : r);
        }
        assertEquals(ScriptedModel.ANSWER, text.toString());
        assertEquals(ScriptedModel.REASONING, reasoning.toString());
        assertEquals("STOP", pieces.getLast().getResult().getMetadata().getFinishReason());
        String streamed = String.join("", ChatClient.create(model).prompt().user("Hi").stream().content()
                .collectList().block());
        assertEquals(ScriptedModel.ANSWER, streamed);
    }

    @Test
    void cancellingAStreamStopsTheGeneration() {
        List<ChatResponse> first = model.stream(new Prompt("Hi")).take(1).collectList().block();
        assertEquals(1, first.size());
        ChatResponse next = model.call(new Prompt("Hi"));
        assertEquals(ScriptedModel.ANSWER, next.getResult().getOutput().getText());
        assertTrue(next.getMetadata().getUsage().getPromptTokens() > 0);
    }
}
