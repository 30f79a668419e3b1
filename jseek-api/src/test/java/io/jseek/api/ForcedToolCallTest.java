package io.jseek.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.engine.FinishReason;
import io.jseek.template.ChatMessage;
import io.jseek.template.ToolCall;
import io.jseek.text.json.ResponseFormat;
import io.jseek.text.json.UnsupportedSchemaException;
import io.jseek.text.tools.ToolChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChatOptions#toolChoice()} in {@link JseekModel#chat}: a required or named call is forced by constrained
 * decoding where the {@link ScriptedModel} left to itself calls another function or answers in text.
 */
class ForcedToolCallTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Map<String, Object> WEATHER = tool(ScriptedModel.TOOL_NAME, "city", "Paris");
    static final Map<String, Object> TIME = tool("get_time", "zone", "UTC");
    @TempDir
    static Path dir;
    static JseekModel model;

    @BeforeAll
    static void load() throws IOException {
        model = JseekModel.load(ScriptedModel.write(dir.resolve("scripted.gguf")), new LoadOptions(1, 512, false));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A function with one required string argument that has one allowed value, so its arguments are known. */
    private static Map<String, Object> tool(String name, String argument, String value) {
        return Map.of("type", "function", "function", Map.of("name", name, "parameters", Map.of("type", "object",
                "properties", Map.of(argument, Map.of("type", "string", "enum", List.of(value))),
                "required", List.of(argument))));
    }

    private static ChatOptions greedy(List<?> tools, ToolChoice choice) {
        return ChatOptions.of(GenerateOptions.greedy().withMaxTokens(64)).withTools(tools).withToolChoice(choice);
    }

    private static void assertCall(ToolCall call, String name, String arguments) throws IOException {
        assertEquals(name, call.name());
        assertEquals(MAPPER.readTree(arguments), MAPPER.readTree(call.arguments()), call.arguments());
    }

    @Test
    void aNamedFunctionIsCalledAfterTheReasoningWhereTheModelCallsAnother() throws IOException {
        List<ChatMessage> messages = List.of(ChatMessage.user("Weather in Paris?"));
        ChatResult free = model.chat(messages, greedy(List.of(WEATHER, TIME), ToolChoice.AUTO), ChatListener.NONE);
        ChatResult forced = model.chat(messages, greedy(List.of(WEATHER, TIME), ToolChoice.function("get_time")),
                ChatListener.NONE);
        assertEquals(ScriptedModel.TOOL_NAME, free.toolCalls().getFirst().name());
        assertEquals(ScriptedModel.TOOL_REASONING, forced.reasoning(), "the reasoning is not constrained");
        assertEquals("", forced.content());
        assertEquals(1, forced.toolCalls().size());
        assertCall(forced.toolCalls().getFirst(), "get_time", "{\"zone\":\"UTC\"}");
        assertEquals(FinishReason.STOP, forced.finishReason());
        assertTrue(forced.generation().text().endsWith("<｜tool▁call▁end｜><｜tool▁calls▁end｜>"),
                forced.generation().text());
    }

    @Test
    void requiredCallsWhereTheModelWouldAnswerInText() throws IOException {
        List<ChatMessage> messages = List.of(ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistantToolCalls(List.of(ToolCall.function("call-1", ScriptedModel.TOOL_NAME,
                        ScriptedModel.TOOL_ARGUMENTS))),
                ChatMessage.tool("call-1", "sunny, 21 C"));
        ChatResult free = model.chat(messages, greedy(List.of(WEATHER), ToolChoice.AUTO), ChatListener.NONE);
        ChatResult forced = model.chat(messages, greedy(List.of(WEATHER), ToolChoice.REQUIRED), ChatListener.NONE);
        assertEquals(ScriptedModel.TOOL_ANSWER, free.content());
        assertEquals(List.of(), free.toolCalls());
        assertEquals("", forced.content());
        assertEquals(1, forced.toolCalls().size());
        assertCall(forced.toolCalls().getFirst(), ScriptedModel.TOOL_NAME, "{\"city\":\"Paris\"}");
    }

    @Test
    void aFunctionMissingFromTheToolsIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.chat(
                List.of(ChatMessage.user("Hi")), greedy(List.of(WEATHER), ToolChoice.function("get_news")),
                ChatListener.NONE));
        assertTrue(e.getMessage().contains("'get_news'"), e.getMessage());
    }

    @Test
    void aSchemaTheConstraintCannotEnforceIsRefusedNamingTheTool() {
        Map<String, Object> odd = Map.of("type", "function", "function", Map.of("name", "odd", "parameters",
                Map.of("type", "frobnicate")));
        UnsupportedSchemaException e = assertThrows(UnsupportedSchemaException.class, () -> model.chat(
                List.of(ChatMessage.user("Hi")), greedy(List.of(WEATHER, odd), ToolChoice.REQUIRED),
                ChatListener.NONE));
        assertTrue(e.getMessage().startsWith("tools[1].function.parameters: "), e.getMessage());
    }

    @Test
    void aForcedCallNeedsTools() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.chat(
                List.of(ChatMessage.user("Hi")), greedy(null, ToolChoice.REQUIRED), ChatListener.NONE));
        assertEquals("tool choice REQUIRED needs tools", e.getMessage());
    }

    @Test
    void aForcedCallIsNotCombinedWithJsonOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> greedy(List.of(WEATHER), ToolChoice.REQUIRED).withResponseFormat(ResponseFormat.JSON_OBJECT));
        assertTrue(e.getMessage().contains("tool choice REQUIRED"), e.getMessage());
    }
}
