package io.jseek.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.jseek.api.testing.ScriptedModel;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LangChain4j's {@link ToolChoice#REQUIRED} forces a tool call (jseek's constrained decoding) where the scripted
 * model, with a tool result in the conversation, answers in text.
 */
@Timeout(120)
class ToolChoiceRequiredTest {
    static final ToolSpecification WEATHER = ToolSpecification.builder().name(ScriptedModel.TOOL_NAME)
            .parameters(JsonObjectSchema.builder().addEnumProperty("city", List.of("Paris")).required("city")
                    .build()).build();
    static final ToolExecutionRequest CALL = ToolExecutionRequest.builder().id("call-1").name(ScriptedModel.TOOL_NAME)
            .arguments(ScriptedModel.TOOL_ARGUMENTS).build();
    static JseekChatModel model;

    @BeforeAll
    static void load() {
        model = JseekChatModel.builder().modelPath(Models.plain()).threads(1).contextLength(512)
                .pullIfMissing(false).temperature(0.0).build();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatResponse chat(ToolChoice choice) {
        return model.chat(ChatRequest.builder().messages(UserMessage.from("Weather in Paris?"), AiMessage.from(CALL),
                ToolExecutionResultMessage.from(CALL, "sunny, 21 C")).toolSpecifications(WEATHER).toolChoice(choice)
                .build());
    }

    @Test
    void requiredAnswersWithACallWhereAutoAnswersText() throws IOException {
        ChatResponse auto = chat(ToolChoice.AUTO);
        ChatResponse required = chat(ToolChoice.REQUIRED);
        assertEquals(ScriptedModel.TOOL_ANSWER, auto.aiMessage().text());
        assertEquals(FinishReason.TOOL_EXECUTION, required.finishReason());
        List<ToolExecutionRequest> calls = required.aiMessage().toolExecutionRequests();
        assertEquals(1, calls.size());
        assertEquals(ScriptedModel.TOOL_NAME, calls.getFirst().name());
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree("{\"city\":\"Paris\"}"), mapper.readTree(calls.getFirst().arguments()));
    }
}
