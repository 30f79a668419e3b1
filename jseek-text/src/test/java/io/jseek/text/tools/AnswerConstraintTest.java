package io.jseek.text.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.model.SamplerParams;
import io.jseek.text.Vocabularies;
import io.jseek.text.json.JsonLogitsProcessor;
import io.jseek.text.json.ResponseFormat;
import io.jseek.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule that picks an answer's constraint, for the Java API and the server. */
class AnswerConstraintTest {
    private static final Tokenizer TOKENIZER = Vocabularies.tokenizer("deepseek-v3");
    private static final int[] ENDS = TOKENIZER.endOfGenerationIds();
    private static final List<?> TOOLS = List.of(Map.of("type", "function", "function",
            Map.of("name", "get_weather", "parameters", Map.of("type", "object"))));

    private static Object of(ResponseFormat format, ToolChoice choice) {
        return AnswerConstraint.of(format, choice, TOOLS, TOKENIZER, ENDS, SamplerParams.greedy(), () -> false);
    }

    @Test
    void freeTextHasNone() {
        assertNull(of(ResponseFormat.TEXT, ToolChoice.AUTO));
        assertNull(of(ResponseFormat.TEXT, ToolChoice.NONE));
        assertNull(of(ResponseFormat.TEXT, null));
    }

    @Test
    void jsonFormatUnlessACallIsForced() {
        assertInstanceOf(JsonLogitsProcessor.class, of(ResponseFormat.JSON_OBJECT, ToolChoice.AUTO));
        assertInstanceOf(JsonLogitsProcessor.class, of(ResponseFormat.JSON_OBJECT, null));
    }

    @Test
    void aForcedCallIsAToolCallConstraint() {
        assertInstanceOf(ToolCallLogitsProcessor.class, of(ResponseFormat.TEXT, ToolChoice.REQUIRED));
        assertInstanceOf(ToolCallLogitsProcessor.class, of(ResponseFormat.TEXT, ToolChoice.function("get_weather")));
    }

    @Test
    void jsonAndAForcedCallExcludeEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(ResponseFormat.JSON_OBJECT, ToolChoice.REQUIRED));
        assertEquals("response_format cannot be combined with tool_choice \"required\" or a named function",
                e.getMessage());
    }
}
