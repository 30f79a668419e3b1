package io.jseek.engine;

/**
 * A consistent snapshot of the engine's gauges and counters (counters are totals since start), for the server to
 * publish (Prometheus) and for {@code /health}.
 *
 * @param running sequences in the running batch
 * @param waiting sequences queued
 * @param kvUsage fraction of KV blocks referenced by sequences
 * @param kvBlocksTotal blocks in the pool
 * @param kvBlocksCached blocks registered in the prefix cache (referenced or evictable)
 * @param prefixQueryTokens prompt tokens looked up in the prefix cache
 * @param prefixHitTokens prompt tokens served from it (RAM or disk)
 * @param promptTokens prompt tokens of admitted requests
 * @param prefillTokens tokens actually computed by prefill chunks (misses plus recomputation)
 * @param generatedTokens completion tokens emitted
 * @param steps batched steps executed
 * @param preemptions sequences preempted for lack of blocks
 * @param rejectedRequests submissions refused (queue full, too long, invalid)
 */
public record EngineMetrics(int running, int waiting, double kvUsage, int kvBlocksTotal, int kvBlocksCached,
                            long prefixQueryTokens, long prefixHitTokens, long promptTokens, long prefillTokens,
                            long generatedTokens, long steps, long preemptions, long rejectedRequests) {
}
