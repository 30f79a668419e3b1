package io.jseek.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JseekStreamingChatModel}: thinking and answer stream as jseek generates them; a handler can cancel. */
@Timeout(120)
class JseekStreamingChatModelTest {
    static JseekModel shared;
    static JseekStreamingChatModel model;

    @BeforeAll
    static void load() {
        shared = Models.load(Models.plain());
        model = JseekStreamingChatModel.builder().jseekModel(shared).temperature(0.0).returnThinking(true).build();
    }

    @AfterAll
    static void close() {
        model.close();
        shared.close();
    }

    @Test
    void thinkingThenAnswerStreamAsJseekGeneratesThem() throws Exception {
        StreamRecorder rec = new StreamRecorder(0);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), rec);
        ChatResponse r = rec.done.get(60, TimeUnit.SECONDS);
        ChatResult expected = Models.reference(shared, List.of(ChatMessage.user("Hi")), Models.greedy());
        assertEquals(ScriptedModel.REASONING, rec.thinking.toString());
        assertEquals(ScriptedModel.ANSWER, rec.answer.toString());
        assertEquals(expected.reasoning(), r.aiMessage().thinking());
        assertEquals(expected.content(), r.aiMessage().text());
        assertEquals(expected.completionTokens(), r.tokenUsage().outputTokenCount());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void toolCallsStreamAsCompleteToolCalls() throws Exception {
        ToolSpecification weather = ToolSpecification.builder().name(ScriptedModel.TOOL_NAME)
                .parameters(JsonObjectSchema.builder().addStringProperty("city").build()).build();
        StreamRecorder rec = new StreamRecorder(0);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Weather?")).toolSpecifications(weather).build(),
                rec);
        ChatResponse r = rec.done.get(60, TimeUnit.SECONDS);
        assertEquals(1, rec.calls.size());
        assertEquals(ScriptedModel.TOOL_ARGUMENTS, rec.calls.getFirst().toolExecutionRequest().arguments());
        assertEquals(rec.calls.getFirst().toolExecutionRequest(), r.aiMessage().toolExecutionRequests().getFirst());
        assertEquals(FinishReason.TOOL_EXECUTION, r.finishReason());
        assertEquals("", rec.answer.toString());
    }

    @Test
    void cancellingStopsTheStreamAndFreesTheModel() throws Exception {
        StreamRecorder cancelled = new StreamRecorder(1);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), cancelled);
        StreamRecorder next = new StreamRecorder(0);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), next);
        assertEquals(ScriptedModel.ANSWER, next.done.get(60, TimeUnit.SECONDS).aiMessage().text());
        assertEquals(1, cancelled.partials.get(), "nothing is delivered after cancel()");
        assertFalse(cancelled.done.isDone(), "a cancelled stream neither completes nor fails");
    }
}
