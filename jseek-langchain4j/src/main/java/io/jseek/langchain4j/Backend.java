package io.jseek.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import java.util.List;

/** The model behind a LangChain4j model: one {@link JseekModel}, the default parameters and the output choices. */
final class Backend implements AutoCloseable {
    private final JseekModel model;
    private final boolean owned;
    private final ChatRequestParameters defaults;
    private final Long seed;
    private final boolean returnThinking;
    private final List<ChatModelListener> listeners;

    Backend(JseekModel model, boolean owned, ChatRequestParameters defaults, Long seed, boolean returnThinking,
            List<ChatModelListener> listeners) {
        this.model = model;
        this.owned = owned;
        this.defaults = defaults;
        this.seed = seed;
        this.returnThinking = returnThinking;
        this.listeners = listeners;
    }

    ChatRequestParameters defaults() {
        return defaults;
    }

    List<ChatModelListener> listeners() {
        return listeners;
    }

    boolean returnThinking() {
        return returnThinking;
    }

    String modelName() {
        return model.path().getFileName().toString();
    }

    /** Answers {@code request}, whose parameters override the defaults. */
    ChatResult chat(ChatRequest request, ChatListener listener) {
        ChatRequestParameters p = defaults.overrideWith(request.parameters());
        return model.chat(RequestMapper.messages(request.messages()), RequestMapper.options(p, seed), listener);
    }

    /** Closes the model when it was loaded here, not when it was shared in. */
    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }
}
