package io.jseek.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.template.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LangChain4j's AI Services over {@link JseekChatModel}: a tool, chat memory and structured output. */
@Timeout(120)
class AiServicesTest {

    interface WeatherAssistant {
        @SystemMessage("You answer questions about the weather.")
        String ask(@UserMessage String question);
    }

    static final class WeatherTools {
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool(name = ScriptedModel.TOOL_NAME, value = "The weather in a city")
        String weather(String city) {
            cities.add(city);
            return "sunny, 21 C";
        }
    }

    record Place(String city) {
    }

    interface PlaceExtractor {
        @UserMessage("Where is this about? {{it}}")
        Place extract(String text);
    }

    @Test
    void toolIsCalledAndItsResultAnsweredWithChatMemory() {
        WeatherTools tools = new WeatherTools();
        ChatMemory memory = MessageWindowChatMemory.withMaxMessages(20);
        try (JseekChatModel model = JseekChatModel.builder().modelPath(Models.plain()).threads(1)
                .contextLength(512).pullIfMissing(false).temperature(0.0).build()) {
            WeatherAssistant assistant = AiServices.builder(WeatherAssistant.class).chatModel(model).tools(tools)
                    .chatMemory(memory).build();
            assertEquals(ScriptedModel.TOOL_ANSWER, assistant.ask("What is the weather in Paris?"));
        }
        assertEquals(List.of("Paris"), tools.cities);
        List<dev.langchain4j.data.message.ChatMessage> kept = memory.messages();
        assertEquals(5, kept.size(), kept.toString());
        assertInstanceOf(dev.langchain4j.data.message.SystemMessage.class, kept.get(0));
        assertInstanceOf(dev.langchain4j.data.message.UserMessage.class, kept.get(1));
        assertEquals(ScriptedModel.TOOL_NAME, ((AiMessage) kept.get(2)).toolExecutionRequests().getFirst().name());
        assertEquals("sunny, 21 C", ((ToolExecutionResultMessage) kept.get(3)).text());
        assertEquals(ScriptedModel.TOOL_ANSWER, ((AiMessage) kept.get(4)).text());
    }

    @Test
    void structuredOutputIsConstrainedToTheRecordsSchema() {
        List<ChatModelRequestContext> requests = new ArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                requests.add(context);
            }
        };
        Place place;
        try (JseekChatModel model = JseekChatModel.builder().modelPath(Models.json()).threads(1)
                .contextLength(512).pullIfMissing(false).temperature(0.0).listeners(List.of(listener)).build()) {
            place = AiServices.create(PlaceExtractor.class, model).extract("Lunch by the Rhone.");
        }
        assertEquals(new Place("Lyon"), place);
        assertEquals(1, requests.size());
        var format = requests.getFirst().chatRequest().parameters().responseFormat();
        assertEquals(ResponseFormatType.JSON, format.type());
        assertNotNull(format.jsonSchema(), "the record's schema goes to the model, for constrained decoding");
        try (JseekModel reference = Models.load(Models.json())) {
            ChatResult expected = Models.reference(reference,
                    List.of(ChatMessage.user("Where is this about? Lunch by the Rhone.")), Models.greedy());
            assertEquals(Models.JSON_ANSWER, expected.content());
        }
    }
}
