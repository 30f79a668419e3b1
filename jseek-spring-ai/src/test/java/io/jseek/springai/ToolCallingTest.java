package io.jseek.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.text.tools.ToolChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;

/**
 * Tools on the scripted model: ChatClient runs an application's {@code @Tool} while streaming, as when blocking
 * (Spring AI 2.0's ToolCallingAdvisor; the model only reports the calls), and {@link JseekChatOptions#getToolChoice()}
 * forces a named call where the model would call another function.
 */
@Timeout(120)
class ToolCallingTest {
    @TempDir
    static Path dir;
    static JseekModel jseek;
    static JseekChatModel model;

    @BeforeAll
    static void load() throws IOException {
        jseek = JseekModel.load(ScriptedModel.write(dir.resolve("scripted.gguf")), new LoadOptions(1, 512, false));
        model = new JseekChatModel(jseek, ToolCallingChatOptions.builder().temperature(0.0).build(), null,
                ToolCallingManager.builder().build());
    }

    @AfterAll
    static void close() {
        model.close();
        jseek.close();
    }

    enum Zone { UTC }

    static final class Tools {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Tool(name = ScriptedModel.TOOL_NAME, description = "The weather in a city")
        String weather(String city) {
            calls.add("weather " + city);
            return "sunny, 21 C";
        }

        @Tool(name = "get_time", description = "The time in a zone", returnDirect = true)
        String time(Zone zone) {
            calls.add("time " + zone);
            return "12:00 " + zone;
        }
    }

    @Test
    void aStreamingChatClientRunsTheToolOnceAndStreamsTheAnswer() {
        Tools tools = new Tools();
        List<String> pieces = ChatClient.create(model).prompt().user("What is the weather in Paris?").tools(tools)
                .stream().content().collectList().block();
        assertEquals(ScriptedModel.TOOL_ANSWER, String.join("", pieces));
        assertTrue(pieces.size() > 1, pieces.toString());
        assertEquals(List.of("weather Paris"), tools.calls);
    }

    @Test
    void theModelReportsToolCallsWithoutRunningThem() {
        Tools tools = new Tools();
        Prompt prompt = new Prompt(List.of(new UserMessage("What is the weather in Paris?")),
                ToolCallingChatOptions.builder().toolCallbacks(ToolCallbacks.from(tools)).build());
        ChatResponse blocking = model.call(prompt);
        List<ChatResponse> streamed = model.stream(prompt).collectList().block();
        for (AssistantMessage m : List.of(blocking.getResult().getOutput(),
                streamed.getLast().getResult().getOutput())) {
            assertEquals(1, m.getToolCalls().size());
            assertEquals(ScriptedModel.TOOL_NAME, m.getToolCalls().getFirst().name());
            assertEquals(ScriptedModel.TOOL_ARGUMENTS, m.getToolCalls().getFirst().arguments());
        }
        assertEquals(List.of(), tools.calls);
    }

    @Test
    void aNamedToolChoiceIsTheFunctionCalled() throws IOException {
        Tools tools = new Tools();
        Prompt prompt = new Prompt(List.of(new UserMessage("What is the weather in Paris?")),
                JseekChatOptions.builder().toolCallbacks(ToolCallbacks.from(tools))
                        .toolChoice(ToolChoice.function("get_time")).build());
        AssistantMessage.ToolCall call = model.call(prompt).getResult().getOutput().getToolCalls().getFirst();
        assertEquals("get_time", call.name());
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree("{\"zone\":\"UTC\"}"), mapper.readTree(call.arguments()));
        String answer = ChatClient.create(model).prompt().user("What is the weather in Paris?").tools(tools)
                .options(JseekChatOptions.builder().toolChoice(ToolChoice.function("get_time"))).call().content();
        assertEquals("\"12:00 UTC\"", answer);
        assertEquals(List.of("time UTC"), tools.calls);
    }
}
