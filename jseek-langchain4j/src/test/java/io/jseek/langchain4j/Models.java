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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The scripted models of the tests, written once per build under {@code target/}, and the reference answers. */
final class Models {
    static final String JSON_ANSWER = "{\"city\":\"Lyon\"}";
    private static final Path DIR = Path.of("target", "scripted-models");

    private Models() {
    }

    /** The scripted model whose plain answer is {@link ScriptedModel#ANSWER}. */
    static synchronized Path plain() {
        return write("scripted.gguf", ScriptedModel.ANSWER);
    }

    /** The scripted model whose plain answer is {@link #JSON_ANSWER}. */
    static synchronized Path json() {
        return write("scripted-json.gguf", JSON_ANSWER);
    }

    private static Path write(String name, String answer) {
        Path file = DIR.resolve(name);
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(DIR);
                ScriptedModel.write(file, answer);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
