package io.jseek.engine;

/**
 * Engine limits.
 *
 * @param maxRunning sequences decoding or prefilling together ({@code --parallel})
 * @param maxWaiting requests queued before submissions are refused with 429 ({@code --queue})
 * @param tokenBudget tokens computed per step (decodes plus prefill chunks); at least {@code maxRunning}
 * @param maxContext positions per sequence (prompt plus completion); also capped by the KV pool's capacity
 */
public record EngineConfig(int maxRunning, int maxWaiting, int tokenBudget, int maxContext) {
    public EngineConfig {
        if (maxRunning < 1 || maxWaiting < 0 || tokenBudget < maxRunning || maxContext < 2) {
            throw new IllegalArgumentException("need maxRunning >= 1, maxWaiting >= 0, tokenBudget >= maxRunning"
                    + " and maxContext >= 2: " + maxRunning + ", " + maxWaiting + ", " + tokenBudget + ", "
                    + maxContext);
        }
    }
}
