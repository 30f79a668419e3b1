package io.jseek.server.openai;

import io.jseek.server.GenerationRequest;

/**
 * A validated {@code POST /chat/completions}.
 *
 * @param model the name the client asked for, echoed in responses
 * @param stream whether to answer with server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a last chunk with the usage
 * @param parseToolCalls whether the answer's tool-call markup becomes {@code tool_calls} (tools given, choice not
 *     {@code none})
 * @param generation what the backend runs
 */
record ChatCompletionRequest(String model, boolean stream, boolean includeUsage, boolean parseToolCalls,
                             GenerationRequest generation) {
}
