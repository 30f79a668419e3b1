package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.SamplingOptions;

/** Request fields that chat and text completions share, with DeepSeek's ranges. */
final class RequestFields {
    private RequestFields() {
    }

    static SamplingOptions sampling(JsonNode body) {
        Double temperature = JsonFields.number(body, "temperature", 0, 2);
        Double topP = JsonFields.number(body, "top_p", 0, 1);
        Double frequency = JsonFields.number(body, "frequency_penalty", -2, 2);
        Double presence = JsonFields.number(body, "presence_penalty", -2, 2);
        JsonNode seedNode = JsonFields.get(body, "seed");
        Long seed = seedNode == null ? null : JsonFields.integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 0);
        return new SamplingOptions(temperature, topP, null, frequency, presence, seed);
    }
}
