package io.jseek.springai;

import io.jseek.api.testing.ScriptedModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.ai.tool.annotation.Tool;

/**
 * The {@link ScriptedModel}'s tool as a Spring AI {@code @Tool}: answers for any city and remembers which were asked
 * (shared with the starter's tests through this module's test jar).
 */
public final class WeatherTools {
    private final List<String> cities = new CopyOnWriteArrayList<>();

    /** The cities asked for, in order. */
    public List<String> cities() {
        return cities;
    }

    @Tool(name = ScriptedModel.TOOL_NAME, description = "The weather in a city")
    String weather(String city) {
        cities.add(city);
        return "sunny, 21 C";
    }
}
