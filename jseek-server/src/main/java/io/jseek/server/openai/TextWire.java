package io.jseek.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The JSON shapes of (legacy) text completions and FIM, {@code object: "text_completion"}. */
final class TextWire {
    private TextWire() {
    }

    record Completion(String id, String object, long created, String model, String systemFingerprint,
                      List<Choice> choices, @JsonInclude(JsonInclude.Include.NON_NULL) ChatWire.Usage usage) {
    }

    record Choice(String text, int index, @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
                  @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    /** The legacy logprobs layout: parallel arrays. */
    record Logprobs(List<String> tokens, List<Double> tokenLogprobs, List<Map<String, Double>> topLogprobs,
                    List<Integer> textOffset) {
    }
}
