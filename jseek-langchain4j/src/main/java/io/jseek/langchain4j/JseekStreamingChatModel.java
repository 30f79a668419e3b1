package io.jseek.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import io.jseek.template.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A LangChain4j {@link StreamingChatModel} that runs a DeepSeek-family GGUF model in this JVM, with everything
 * {@link JseekChatModel} does: the answer streams as partial responses, the reasoning as partial thinking (with
 * {@link Builder#returnThinking}), each tool call as a complete tool call once its markup ends. A handler cancels
 * through the {@link StreamingHandle} of a partial's context: generation stops before the next token and the
 * handler hears nothing more.
 *
 * <p>Requests run on one thread of this model, in order (the model holds one KV cache).
 */
public final class JseekStreamingChatModel extends InProcessModel implements StreamingChatModel, AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("jseek-langchain4j-stream").daemon().factory());

    private JseekStreamingChatModel(Backend backend) {
        super(backend);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        executor.execute(() -> stream(request, handler));
    }

    private void stream(ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        try {
            ChatResult r = backend.chat(request, new ChatListener() {
                @Override
                public void onReasoning(String delta) {
                    if (backend.returnThinking() && !handle.isCancelled()) {
                        handler.onPartialThinking(new PartialThinking(delta), new PartialThinkingContext(handle));
                    }
                }

                @Override
                public void onContent(String delta) {
                    if (!handle.isCancelled()) {
                        handler.onPartialResponse(new PartialResponse(delta), new PartialResponseContext(handle));
                    }
                }

                @Override
                public void onToolCall(ToolCall call) {
                    ToolExecutionRequest t = ResponseMapper.toolRequest(call);
                    calls.add(t);
                    if (!handle.isCancelled()) {
                        handler.onCompleteToolCall(new CompleteToolCall(calls.size() - 1, t));
                    }
                }

                @Override
                public boolean stopRequested() {
                    return handle.isCancelled();
                }
            });
            if (!handle.isCancelled()) {
                handler.onCompleteResponse(ResponseMapper.response(r, calls, backend.returnThinking(),
                        backend.modelName()));
            }
        } catch (RuntimeException e) {
            if (!handle.isCancelled()) {
                handler.onError(e);
            }
        }
    }

    /** Waits for the requests already given, then closes the model unless it was shared in. */
    @Override
    public void close() {
        executor.close();
        backend.close();
    }

    private static final class Handle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    /** Builds a {@link JseekStreamingChatModel}; see {@link JseekModelBuilder}. */
    public static final class Builder extends JseekModelBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (unless one was shared in). */
        public JseekStreamingChatModel build() {
            return new JseekStreamingChatModel(backend());
        }
    }
}
