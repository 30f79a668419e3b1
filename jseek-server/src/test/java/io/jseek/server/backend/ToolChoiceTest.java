package io.jseek.server.backend;

import io.jseek.engine.EngineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tool_choice} {@code required} and a named function are enforced by constrained decoding: a random-weight
 * model, which left to itself answers noise, answers with exactly one call of an allowed function whose arguments
 * follow that function's schema, sampled at several seeds.
 */
@Timeout(120)
class ToolChoiceTest {
    private static final String TOOLS = ",\"tools\":["
            + tool("get_weather", "city", "[\"Paris\",\"Oslo\"]") + "," + tool("get_time", "zone", "[\"UTC\",\"CET\"]")
            + "]";
    private static final int SEEDS = 4;

    @RegisterExtension
    static final EngineServerExtension SERVER = EngineServerExtension.tinyLlama("tools-tiny");

    private static String tool(String name, String argument, String values) {
        return "{\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"" + argument + "\":{\"type\":\"string\",\"enum\":" + values + "}},"
                + "\"required\":[\"" + argument + "\"]}}}";
    }

    private static HttpResponse<String> chat(String extra) {
        return SERVER.get().post("/chat/completions", "{\"model\":\"" + EngineServer.MODEL + "\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"What time is it in Paris?\"}],\"max_tokens\":200" + TOOLS + extra + "}");
    }

    /** The one call of a sampled answer, checked against its function's schema. */
    private static JsonNode call(String extra, int seed) {
        HttpResponse<String> r = chat(extra + ",\"temperature\":1.0,\"seed\":" + seed);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode choice = EngineServer.json(r.body()).path("choices").get(0);
        assertEquals("tool_calls", choice.path("finish_reason").asText(), r.body());
        JsonNode calls = choice.path("message").path("tool_calls");
        assertEquals(1, calls.size(), r.body());
        JsonNode function = calls.get(0).path("function");
        JsonNode arguments = EngineServer.json(function.path("arguments").asText());
        if (function.path("name").asText().equals("get_weather")) {
            assertEquals(Set.of("city"), Set.copyOf(iterable(arguments)), r.body());
            assertTrue(Set.of("Paris", "Oslo").contains(arguments.path("city").asText()), r.body());
        } else {
            assertEquals("get_time", function.path("name").asText(), r.body());
            assertEquals(Set.of("zone"), Set.copyOf(iterable(arguments)), r.body());
            assertTrue(Set.of("UTC", "CET").contains(arguments.path("zone").asText()), r.body());
        }
        return function;
    }

    private static java.util.List<String> iterable(JsonNode object) {
        java.util.List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void requiredAnswersWithACallOfOneOfTheTools() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            call(",\"tool_choice\":\"required\"", seed);
        }
    }

    @Test
    void aNamedFunctionIsTheOneCalled() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            JsonNode function = call(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}",
                    seed);
            assertEquals("get_time", function.path("name").asText());
        }
    }

    @Test
    void aNamedFunctionMissingFromToolsIs400NamingTheField() {
        HttpResponse<String> r = chat(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_news\"}}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = EngineServer.json(r.body()).path("error");
        assertEquals("tool_choice.function.name", error.path("param").asText());
        assertTrue(error.path("message").asText().contains("get_news"), r.body());
    }

    @Test
    void aSchemaTheConstraintCannotEnforceIs400NamingTheTool() {
        HttpResponse<String> r = SERVER.get().post("/chat/completions", "{\"model\":\"" + EngineServer.MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"frobnicate\"}}}],"
                + "\"tool_choice\":\"required\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(EngineServer.json(r.body()).path("error").path("message").asText()
                .startsWith("tools[0].function.parameters: "), r.body());
    }

    @Test
    void toolChoiceWithResponseFormatIs400() {
        HttpResponse<String> r = chat(",\"tool_choice\":\"required\",\"response_format\":{\"type\":\"json_object\"}");
        assertEquals(400, r.statusCode(), r.body());
    }
}
