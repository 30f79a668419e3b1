package io.jseek.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code jseek.*} properties of the Spring Boot auto-configuration.
 *
 * @param model a GGUF file or a model name ({@code deepseek-r1:1.5b}); the auto-configuration applies when it is set
 * @param threads compute threads, the caller included; 0 = all processors
 * @param context KV cache positions (prompt plus answer); 0 = the model's, capped at 4096
 * @param pullIfMissing whether a model name missing from the local cache is downloaded (default true)
 * @param temperature default sampling temperature (0 = greedy; unset = 0.6, DeepSeek's recommendation)
 * @param topP default top-p (unset = 0.95)
 * @param topK default top-k (unset = 40)
 * @param maxTokens default token budget of an answer, reasoning included (unset = 2048)
 * @param seed sampler seed, for reproducible sampling (unset = random per request)
 */
@ConfigurationProperties("jseek")
public record JseekProperties(String model, int threads, int context, Boolean pullIfMissing, Double temperature,
                              Double topP, Integer topK, Integer maxTokens, Long seed) {
}
