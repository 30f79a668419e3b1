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
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JseekModel#chat} with tools and JSON output on the {@link ScriptedModel}, whose greedy answers are known. */
class ScriptedChatTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String JSON_ANSWER = "{\"city\":\"Lyon\"}";
    static final List<Map<String, Object>> TOOLS = List.of(Map.of("type", "function", "function", Map.of(
            "name", ScriptedModel.TOOL_NAME, "description", "The weather in a city", "parameters", Map.of(
                    "type", "object", "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city")))));
    @TempDir
    static Path dir;
    static JseekModel model;
    static JseekModel jsonModel;

    @BeforeAll
    static void load() throws IOException {
        LoadOptions options = new LoadOptions(1, 512, false);
        model = JseekModel.load(ScriptedModel.write(dir.resolve("scripted.gguf")), options);
        jsonModel = JseekModel.load(ScriptedModel.write(dir.resolve("json.gguf"), JSON_ANSWER), options);
    }

    @AfterAll
    static void close() {
        model.close();
        jsonModel.close();
    }

    private static ChatOptions greedy() {
        return ChatOptions.of(GenerateOptions.greedy().withMaxTokens(64));
    }

    @Test
    void plainChatReasonsThenAnswers() {
        ChatResult r = model.chat(List.of(ChatMessage.user("Hi")), greedy(), ChatListener.NONE);
        assertEquals(ScriptedModel.REASONING, r.reasoning());
        assertEquals(ScriptedModel.ANSWER, r.content());
        assertEquals(List.of(), r.toolCalls());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void offeredToolsAreCalledAndTheResultAnswered() {
        List<ToolCall> heard = new ArrayList<>();
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("Weather in Paris?")));
        ChatResult call = model.chat(messages, greedy().withTools(TOOLS), new ChatListener() {
            @Override
            public void onToolCall(ToolCall c) {
                heard.add(c);
            }
        });
        assertEquals(ScriptedModel.TOOL_REASONING, call.reasoning());
        assertEquals("", call.content());
        assertEquals(1, call.toolCalls().size());
        assertEquals(call.toolCalls(), heard);
        assertEquals(ScriptedModel.TOOL_NAME, call.toolCalls().getFirst().name());
        assertEquals(ScriptedModel.TOOL_ARGUMENTS, call.toolCalls().getFirst().arguments());
        messages.add(ChatMessage.assistantToolCalls(call.toolCalls()));
        messages.add(ChatMessage.tool("call-1", "sunny, 21 C"));
        ChatResult answer = model.chat(messages, greedy().withTools(TOOLS), ChatListener.NONE);
        assertEquals(ScriptedModel.TOOL_ANSWER, answer.content());
        assertEquals(List.of(), answer.toolCalls());
    }

    @Test
    void schemaConstrainedAnswerIsTheScriptedDocument() throws IOException {
        ResponseFormat format = ResponseFormat.jsonSchema("place", MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
        ChatResult r = jsonModel.chat(List.of(ChatMessage.user("Hi")), greedy().withResponseFormat(format),
                ChatListener.NONE);
        assertEquals(JSON_ANSWER, r.content());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void jsonModeForcesJsonWhereTheModelWouldWriteText() {
        ChatResult free = model.chat(List.of(ChatMessage.user("Hi")), greedy(), ChatListener.NONE);
        ChatResult json = model.chat(List.of(ChatMessage.user("Hi")),
                greedy().withResponseFormat(ResponseFormat.JSON_OBJECT), ChatListener.NONE);
        assertEquals(ScriptedModel.ANSWER, free.content());
        assertEquals(ScriptedModel.REASONING, json.reasoning(), "the reasoning is not constrained");
        assertTrue(json.content().startsWith("{"), json.content());
    }

    @Test
    void unsupportedSchemaIsRefused() throws IOException {
        ResponseFormat format = ResponseFormat.jsonSchema("bad", MAPPER.readTree("{\"type\":\"frobnicate\"}"));
        assertThrows(UnsupportedSchemaException.class, () -> model.chat(List.of(ChatMessage.user("Hi")),
                greedy().withResponseFormat(format), ChatListener.NONE));
    }

    @Test
    void usageCountsPromptAndCompletionTokens() {
        ChatResult r = model.chat(List.of(ChatMessage.user("Hi")), greedy(), ChatListener.NONE);
        assertEquals(model.chatPromptTokens(List.of(ChatMessage.user("Hi")), greedy()).length, r.promptTokens());
        assertEquals(model.tokenize(ScriptedModel.REASONING + "</think>" + ScriptedModel.ANSWER, true).length - 1,
                r.completionTokens());
    }
}
