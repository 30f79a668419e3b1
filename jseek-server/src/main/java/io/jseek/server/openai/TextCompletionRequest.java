package io.jseek.server.openai;

import io.jseek.server.GenerationRequest;

/**
 * A validated {@code POST /completions} or {@code /beta/completions}: plain completion, or FIM with a suffix.
 *
 * @param model the name the client asked for, echoed in responses
 * @param stream whether to answer with server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 * @param echo whether the answer starts with the prompt
 * @param generation what the backend runs (its prompt is a {@link io.jseek.server.Prompt.Text})
 */
record TextCompletionRequest(String model, boolean stream, boolean includeUsage, boolean echo,
                             GenerationRequest generation) {
}
