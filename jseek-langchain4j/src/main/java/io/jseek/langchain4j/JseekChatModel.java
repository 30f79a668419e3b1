package io.jseek.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import java.util.List;

/**
 * A LangChain4j {@link ChatModel} that runs a DeepSeek-family GGUF model in this JVM: messages through the model's
 * chat template, sampling parameters, stop sequences, tools (DeepSeek's tool-call markup becomes tool execution
 * requests; {@code ToolChoice.REQUIRED} forces a call), JSON output and JSON schemas enforced by constrained
 * decoding, the reasoning as
 * {@code AiMessage.thinking()} with {@link Builder#returnThinking}, token usage and finish reason.
 *
 * <pre>{@code
 * try (JseekChatModel model = JseekChatModel.builder().model("deepseek-r1:1.5b").build()) {
 *     System.out.println(model.chat("Why is the sky blue?"));
 * }
 * }</pre>
 *
 * <p>Requests to one model run one at a time (the model holds one KV cache; a conversation's next turn reuses it).
 */
public final class JseekChatModel extends InProcessModel implements ChatModel, AutoCloseable {

    private JseekChatModel(Backend backend) {
        super(backend);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        ChatResult r = backend.chat(request, ChatListener.NONE);
        List<ToolExecutionRequest> calls = r.toolCalls().stream().map(ResponseMapper::toolRequest).toList();
        return ResponseMapper.response(r, calls, backend.returnThinking(), backend.modelName());
    }

    /** Closes the model unless it was shared in with {@link Builder#jseekModel}. */
    @Override
    public void close() {
        backend.close();
    }

    /** Builds a {@link JseekChatModel}; see {@link JseekModelBuilder}. */
    public static final class Builder extends JseekModelBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (unless one was shared in). */
        public JseekChatModel build() {
            return new JseekChatModel(backend());
        }
    }
}
