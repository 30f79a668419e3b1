package io.jseek.langchain4j;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The scripted models of the tests, written once per build under {@code target/}, and the reference answers. */
final class Models {
    static final String JSON_ANSWER = "{\"city\":\"Lyon\"}";

    private Models() {
    }

    /** The scripted model whose plain answer is {@link ScriptedModel#ANSWER}. */
    static Path plain() {
        return ScriptedModel.shared("scripted.gguf", ScriptedModel.ANSWER);
    }

    /** The scripted model whose plain answer is {@link #JSON_ANSWER}. */
    static Path json() {
        return ScriptedModel.shared("scripted-json.gguf", JSON_ANSWER);
    }

    static JseekModel load(Path file) {
        try {
            return JseekModel.load(file, new LoadOptions(1, 512, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What jseek itself answers, greedily, to {@code messages}. */
    static ChatResult reference(JseekModel model, List<ChatMessage> messages, ChatOptions options) {
        return model.chat(messages, options, ChatListener.NONE);
    }

    static ChatOptions greedy() {
        return ChatOptions.of(GenerateOptions.greedy());
    }
}
