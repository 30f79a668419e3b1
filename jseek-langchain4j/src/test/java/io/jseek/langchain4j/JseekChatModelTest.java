package io.jseek.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JseekChatModel} on the scripted model, each answer compared with {@link JseekModel#chat} greedy. */
@Timeout(120)
class JseekChatModelTest {
    static JseekModel reference;
    static JseekChatModel model;

    @BeforeAll
    static void load() {
        reference = Models.load(Models.plain());
        model = JseekChatModel.builder().modelPath(Models.plain()).threads(1).contextLength(512)
                .pullIfMissing(false).temperature(0.0).returnThinking(true).build();
    }

    @AfterAll
    static void close() {
        model.close();
        reference.close();
    }

    static final ToolSpecification WEATHER = ToolSpecification.builder().name(ScriptedModel.TOOL_NAME)
            .description("The weather in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();

    @Test
    void answerThinkingUsageAndFinishReasonMatchJseek() {
        ChatResponse r = model.chat(ChatRequest.builder().messages(SystemMessage.from("Be brief."),
                UserMessage.from("Hi")).build());
        ChatResult expected = Models.reference(reference, List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Hi")), Models.greedy());
        assertEquals(ScriptedModel.ANSWER, r.aiMessage().text());
        assertEquals(expected.content(), r.aiMessage().text());
        assertEquals(expected.reasoning(), r.aiMessage().thinking());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(expected.promptTokens(), r.tokenUsage().inputTokenCount());
        assertEquals(expected.completionTokens(), r.tokenUsage().outputTokenCount());
        assertEquals("scripted.gguf", r.modelName());
    }

    @Test
    void thinkingIsLeftOutUnlessAskedFor() {
        try (JseekChatModel plain = JseekChatModel.builder().jseekModel(reference).temperature(0.0).build()) {
            AiMessage m = plain.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build()).aiMessage();
            assertEquals(ScriptedModel.ANSWER, m.text());
            assertNull(m.thinking());
        }
        assertEquals(ScriptedModel.ANSWER, reference.chat(List.of(ChatMessage.user("Hi")), Models.greedy(),
                io.jseek.api.ChatListener.NONE).content(), "a shared model stays open");
    }

    @Test
    void maxTokensAndStopSequencesMatchJseek() {
        ChatResponse cut = model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).maxOutputTokens(3)
                .build());
        assertEquals(FinishReason.LENGTH, cut.finishReason());
        assertEquals(3, cut.tokenUsage().outputTokenCount());
        ChatResponse stopped = model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                .stopSequences(List.of(" jseek")).build());
        ChatResult expected = Models.reference(reference, List.of(ChatMessage.user("Hi")), Models.greedy()
                .withGeneration(Models.greedy().generation().withStop(List.of(" jseek"))));
        assertEquals("Hello from", expected.content());
        assertEquals(expected.content(), stopped.aiMessage().text());
        assertEquals(FinishReason.STOP, stopped.finishReason());
    }

    @Test
    void toolSpecificationsBecomeToolExecutionRequestsAndTheResultIsAnswered() {
        UserMessage question = UserMessage.from("What is the weather in Paris?");
        ChatResponse call = model.chat(ChatRequest.builder().messages(question).toolSpecifications(WEATHER).build());
        assertEquals(FinishReason.TOOL_EXECUTION, call.finishReason());
        assertEquals(ScriptedModel.TOOL_REASONING, call.aiMessage().thinking());
        ToolExecutionRequest request = call.aiMessage().toolExecutionRequests().getFirst();
        assertEquals(ScriptedModel.TOOL_NAME, request.name());
        assertEquals(ScriptedModel.TOOL_ARGUMENTS, request.arguments());
        assertTrue(request.id().startsWith("call_"), request.id());
        ChatResponse answer = model.chat(ChatRequest.builder().messages(question, call.aiMessage(),
                ToolExecutionResultMessage.from(request, "sunny, 21 C")).toolSpecifications(WEATHER).build());
        assertEquals(ScriptedModel.TOOL_ANSWER, answer.aiMessage().text());
        assertEquals(FinishReason.STOP, answer.finishReason());
    }

    @Test
    void jsonResponseFormatIsEnforcedAsJseekDoes() {
        ChatResponse r = model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                .responseFormat(ResponseFormat.JSON).maxOutputTokens(40).build());
        ChatResult expected = Models.reference(reference, List.of(ChatMessage.user("Hi")), Models.greedy()
                .withGeneration(Models.greedy().generation().withMaxTokens(40))
                .withResponseFormat(io.jseek.text.json.ResponseFormat.JSON_OBJECT));
        assertTrue(r.aiMessage().text().startsWith("{"), r.aiMessage().text());
        assertEquals(expected.content(), r.aiMessage().text());
    }

    @Test
    void missingModelIsAClearError() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> JseekChatModel.builder()
                .modelPath(Path.of("target", "no-such-model.gguf")).pullIfMissing(false).build());
        assertTrue(e.getMessage().startsWith("cannot load model target"), e.getMessage());
    }
}
