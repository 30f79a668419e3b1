package io.jseek.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Records what a stream delivers; {@code cancelAfter} partials it cancels (0 = never). */
    static final class Recorder implements StreamingChatResponseHandler {
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder answer = new StringBuilder();
        final List<CompleteToolCall> calls = new ArrayList<>();
        final AtomicInteger partials = new AtomicInteger();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final int cancelAfter;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
            thinking.append(partial.text());
            if (partials.incrementAndGet() == cancelAfter) {
                context.streamingHandle().cancel();
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            answer.append(partial.text());
            if (partials.incrementAndGet() == cancelAfter) {
                context.streamingHandle().cancel();
            }
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            calls.add(call);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    @Test
    void thinkingThenAnswerStreamAsJseekGeneratesThem() throws Exception {
        Recorder rec = new Recorder(0);
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
        Recorder rec = new Recorder(0);
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
        Recorder cancelled = new Recorder(1);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), cancelled);
        Recorder next = new Recorder(0);
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(), next);
        assertEquals(ScriptedModel.ANSWER, next.done.get(60, TimeUnit.SECONDS).aiMessage().text());
        assertEquals(1, cancelled.partials.get(), "nothing is delivered after cancel()");
        assertFalse(cancelled.done.isDone(), "a cancelled stream neither completes nor fails");
    }
}
