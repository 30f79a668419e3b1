package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.server.ApiException;
import io.jseek.server.GenerationRequest;
import io.jseek.server.ModelNames;
import io.jseek.server.Prompt;
import io.jseek.text.json.ResponseFormat;

/**
 * Validates a text-completions body. {@code prompt} is a string (or an array holding one string, as the OpenAI
 * SDKs allow); {@code logprobs} is the legacy integer, the number of alternatives per position (0..20).
 */
final class TextRequestParser {
    private final ModelNames models;

    TextRequestParser(ModelNames models) {
        this.models = models;
    }

    TextCompletionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest(null, "The request body must be a JSON object");
        }
        String model = JsonFields.requiredString(body, "model", "model");
        models.thinkingFor(model);
        String prompt = prompt(body);
        String suffix = JsonFields.string(body, "suffix", "suffix");
        boolean echo = JsonFields.bool(body, "echo", false);
        JsonNode lp = JsonFields.get(body, "logprobs");
        int top = (int) JsonFields.integer(body, "logprobs", 0, 20, 0);
        int maxTokens = (int) JsonFields.integer(body, "max_tokens", 1, Integer.MAX_VALUE, 0);
        boolean stream = JsonFields.bool(body, "stream", false);
        JsonNode options = JsonFields.object(body, "stream_options", "stream_options");
        boolean includeUsage = options != null && JsonFields.bool(options, "include_usage", false);
        GenerationRequest generation = new GenerationRequest(new Prompt.Text(prompt, suffix),
                RequestFields.sampling(body), maxTokens, JsonFields.stop(body), lp != null, top,
                ResponseFormat.TEXT);
        return new TextCompletionRequest(model, stream, includeUsage, echo, generation);
    }

    private static String prompt(JsonNode body) {
        JsonNode p = JsonFields.get(body, "prompt");
        if (p == null) {
            throw ApiException.badRequest("prompt", "Missing required parameter: prompt");
        }
        if (p.isTextual()) {
            return p.textValue();
        }
        if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
            return p.get(0).textValue();
        }
        if (p.isArray()) {
            throw ApiException.invalidParameter("prompt", "prompt must be one string (batches are not supported)");
        }
        throw ApiException.badRequest("prompt", "prompt must be a string");
    }
}
