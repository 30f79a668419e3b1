package io.jseek.springai.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.JseekModel;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.springai.JseekChatModel;
import io.jseek.springai.WeatherTools;
import io.jseek.template.ChatMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Spring Boot context with the starter: jseek.* properties, one model, Spring AI's ChatClient over it. */
@SpringBootTest(classes = StarterTest.App.class)
@Timeout(180)
class StarterTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    record Place(String city) {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("jseek.model", () -> ScriptedModel.shared("scripted.gguf", ScriptedModel.ANSWER).toString());
        r.add("jseek.threads", () -> 1);
        r.add("jseek.context", () -> 512);
        r.add("jseek.temperature", () -> 0.0);
        r.add("jseek.pull-if-missing", () -> false);
    }

    @Autowired
    ChatClient.Builder chatClient;
    @Autowired
    ChatModel chatModel;
    @Autowired
    JseekModel model;

    @Test
    void chatClientAnswersAsJseekDoes() {
        assertInstanceOf(JseekChatModel.class, chatModel);
        String answer = chatClient.build().prompt().system("Be brief.").user("Hi").call().content();
        ChatResult expected = model.chat(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")),
                ChatOptions.of(GenerateOptions.greedy()), ChatListener.NONE);
        assertEquals(ScriptedModel.ANSWER, answer);
        assertEquals(expected.content(), answer);
    }

    @Test
    void chatClientCallsToolsOfTheApplication() {
        WeatherTools tools = new WeatherTools();
        assertEquals(ScriptedModel.TOOL_ANSWER, chatClient.build().prompt().user("Weather in Paris?").tools(tools)
                .call().content());
        assertEquals(List.of("Paris"), tools.cities());
    }

    @Test
    void structuredOutputAndTheModelIsClosedWithTheContext() {
        Path json = ScriptedModel.shared("scripted-json.gguf", "{\"city\":\"Lyon\"}");
        JseekModel loaded;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).run(
                "--jseek.model=" + json, "--jseek.threads=1", "--jseek.context=512", "--jseek.temperature=0",
                "--jseek.pull-if-missing=false", "--spring.main.banner-mode=off")) {
            loaded = ctx.getBean(JseekModel.class);
            Place place = ctx.getBean(ChatClient.Builder.class).build().prompt().user("Where? Lunch by the Rhone.")
                    .call().entity(Place.class);
            assertEquals(new Place("Lyon"), place);
        }
        assertThrows(IllegalStateException.class, () -> loaded.chat(List.of(ChatMessage.user("Hi")),
                ChatOptions.of(GenerateOptions.greedy()), ChatListener.NONE), "the context closed the model");
    }
}
