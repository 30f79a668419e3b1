package io.jseek.server.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.jseek.langchain4j.StreamRecorder;
import io.jseek.api.testing.ScriptedModel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's OpenAI client ({@code langchain4j-open-ai}) against the engine-backed server on the
 * {@link ScriptedModel}, with {@code returnThinking(true)} so that DeepSeek's {@code reasoning_content} is read:
 * blocking and streaming chat, and a tool call.
 */
@Timeout(120)
class LangChain4jClientTest {
    @RegisterExtension
    static final EngineServerExtension SERVER = EngineServerExtension.scripted();

    private static OpenAiChatModel chatModel() {
        return OpenAiChatModel.builder().baseUrl(SERVER.get().baseUrl() + "/v1").apiKey("none")
                .modelName("deepseek-reasoner").returnThinking(true).timeout(Duration.ofSeconds(60)).maxRetries(0)
                .build();
    }

    @Test
    void chatReturnsThinkingAndAnswer() {
        ChatResponse r = chatModel().chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build());
        AiMessage m = r.aiMessage();
        assertEquals(ScriptedModel.REASONING, m.thinking());
        assertEquals(ScriptedModel.ANSWER, m.text());
        assertEquals(dev.langchain4j.model.output.FinishReason.STOP, r.finishReason());
        assertTrue(r.tokenUsage().outputTokenCount() > 0);
    }

    @Test
    void streamingDeliversThinkingThenAnswer() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(SERVER.get().baseUrl() + "/v1")
                .apiKey("none").modelName("deepseek-reasoner").returnThinking(true).timeout(Duration.ofSeconds(60))
                .build();
        StreamRecorder rec = new StreamRecorder(0);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), rec);
        ChatResponse r = rec.done.get(60, TimeUnit.SECONDS);
        assertEquals(ScriptedModel.REASONING, rec.thinking.toString());
        assertEquals(ScriptedModel.ANSWER, rec.answer.toString());
        assertEquals(ScriptedModel.ANSWER, r.aiMessage().text());
        assertEquals(ScriptedModel.REASONING, r.aiMessage().thinking());
    }

    @Test
    void toolCallBecomesAToolExecutionRequest() {
        ToolSpecification weather = ToolSpecification.builder().name(ScriptedModel.TOOL_NAME)
                .description("The weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        ChatResponse r = chatModel().chat(ChatRequest.builder()
                .messages(UserMessage.from("What is the weather in Paris?")).toolSpecifications(weather).build());
        ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().getFirst();
        assertEquals(ScriptedModel.TOOL_NAME, call.name());
        assertEquals("Paris", EngineServer.json(call.arguments()).path("city").asText());
        assertEquals(dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION, r.finishReason());
    }
}
