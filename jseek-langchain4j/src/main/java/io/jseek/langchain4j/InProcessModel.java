package io.jseek.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;
import java.util.Set;

/**
 * What {@link JseekChatModel} and {@link JseekStreamingChatModel} answer alike about themselves: their
 * {@link Backend}'s defaults and listeners, the JSON-schema capability and the provider. Declared here once, they
 * take precedence over the default methods of LangChain4j's model interfaces.
 */
abstract class InProcessModel {
    final Backend backend;

    InProcessModel(Backend backend) {
        this.backend = backend;
    }

    public ChatRequestParameters defaultRequestParameters() {
        return backend.defaults();
    }

    public List<ChatModelListener> listeners() {
        return backend.listeners();
    }

    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }
}
