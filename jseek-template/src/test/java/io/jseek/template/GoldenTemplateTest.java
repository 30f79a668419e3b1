package io.jseek.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every (template, conversation, add_generation_prompt) case rendered by @huggingface/jinja must come out of
 * {@link ChatTemplate} byte for byte; where @huggingface/jinja failed, jseek must fail too. The goldens are written by
 * {@code tools/oracle/templates/regen.sh}; {@code index.json} lists them.
 */
class GoldenTemplateTest {

    @TestFactory
    Stream<DynamicTest> matchesHuggingFaceJinja() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : GoldenData.templateNames()) {
            JsonNode golden = GoldenData.read(file);
            ChatTemplate template = template(file, golden);
            for (JsonNode c : golden.get("cases")) {
                tests.add(caseTest(file, template, c));
            }
        }
        assertEquals(GoldenData.read("index").get("cases").asInt(), tests.size(), "golden case count");
        return tests.stream();
    }

    /** The golden's template; {@code builtin-<arch>} goldens check {@link ChatTemplates#builtIn} itself. */
    private static ChatTemplate template(String file, JsonNode golden) {
        String bos = golden.get("bos_token").asText();
        String eos = golden.get("eos_token").asText();
        if (file.startsWith("builtin-")) {
            ChatTemplate builtIn = ChatTemplates.builtIn(file.substring("builtin-".length()), bos, eos);
            assertEquals(golden.get("source").asText(), builtIn.source(), "stale golden: run tools/oracle/templates/regen.sh");
            return builtIn;
        }
        return ChatTemplate.jinja(golden.get("source").asText(), bos, eos);
    }

    private static DynamicTest caseTest(String file, ChatTemplate template, JsonNode c) {
        String name = c.get("conversation").asText();
        boolean prompt = c.get("add_generation_prompt").asBoolean();
        JsonNode conversation = GoldenData.conversation(name);
        List<ChatMessage> messages = GoldenData.messages(conversation);
        RenderOptions options = GoldenData.options(conversation, prompt);
        return DynamicTest.dynamicTest(file + " / " + name + " / add_generation_prompt=" + prompt, () -> {
            if (c.has("error")) {
                assertThrows(ChatTemplateException.class, () -> template.render(messages, options),
                        "@huggingface/jinja failed with: " + c.get("error").asText());
            } else {
                assertEquals(c.get("output").asText(), template.render(messages, options));
            }
        });
    }
}
