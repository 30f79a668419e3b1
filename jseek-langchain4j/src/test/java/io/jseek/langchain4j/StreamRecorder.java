package io.jseek.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a LangChain4j stream delivers, from jseek's adapter or from the OpenAI client against the server (its
 * test jar serves both); after {@code cancelAfter} partials it cancels (0 = never).
 */
public final class StreamRecorder implements StreamingChatResponseHandler {
    public final StringBuilder thinking = new StringBuilder();
    public final StringBuilder answer = new StringBuilder();
    public final List<CompleteToolCall> calls = new ArrayList<>();
    public final AtomicInteger partials = new AtomicInteger();
    public final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    private final int cancelAfter;

    public StreamRecorder(int cancelAfter) {
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
