package io.jseek.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jseek.model.KvCacheType;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code jseek bench} measured, and its two renderings: a table for people and one JSON object (snake_case keys,
 * rates as {@code {"median", "min", "max"}}) for scripts such as {@code tools/bench/side-by-side.mjs}.
 *
 * @param ttftMs time to first token (prefill plus choosing the token), medians and extremes in milliseconds
 * @param kvBytesPerToken bytes jseek's KV cache holds per position, all layers, as {@code cacheType}
 * @param cacheType what the cached values are held as ({@code --cache-type}): f16 halves, or floats
 * @param concurrency sequences decoding at once; when above 1, {@code aggregateDecode} and {@code concurrencyMode}
 *     are set
 * @param usdPerHour machine price, or null; with it the cost per million output tokens is derived from the decode
 *     rate (the aggregate one under concurrency)
 * @param kernels which weight kernels ran, and why ({@link io.jseek.tensor.Kernels#describe()})
 * @param cpu the CPU model, from /proc/cpuinfo (speed figures mean nothing without it)
 * @param tokens each timed run's greedy token ids ({@code --print-tokens}), or null
 */
record BenchResult(String model, String architecture, long fileBytes, int threads, int promptTokens, int genTokens,
                   int repeat, BenchStats prefill, BenchStats decode, BenchStats ttftMs, long peakRssBytes,
                   long kvBytesPerToken, KvCacheType cacheType, int concurrency, String concurrencyMode, BenchStats aggregateDecode,
                   Double usdPerHour, String kernels, String cpu, List<int[]> tokens) {

    /** Output tokens per second that the price is spread over. */
    double outputRate() {
        return aggregateDecode != null ? aggregateDecode.median() : decode.median();
    }

    /** US dollars per million output tokens, or null without a price. */
    Double usdPerMillionTokens() {
        return usdPerHour == null ? null : usdPerHour / (outputRate() * 3600) * 1e6;
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = mapper.createObjectNode();
        o.put("model", model).put("architecture", architecture).put("file_bytes", fileBytes)
                .put("threads", threads).put("prompt_tokens", promptTokens).put("gen_tokens", genTokens)
                .put("repeat", repeat).put("kernels", kernels).put("cpu", cpu);
        o.set("prefill_tok_s", stats(mapper, prefill));
        o.set("decode_tok_s", stats(mapper, decode));
        o.put("ttft_ms", ttftMs.median());
        o.set("ttft_ms_stats", stats(mapper, ttftMs));
        o.put("peak_rss_bytes", peakRssBytes).put("kv_bytes_per_token", kvBytesPerToken)
                .put("kv_cache_type", cacheType.flagValue())
                .put("kv_bytes_per_token_llama_cpp", cacheType.llamaCppBytes(kvBytesPerToken / cacheType.bytesPerValue()))
                .put("concurrency", concurrency);
        if (aggregateDecode != null) {
            o.put("concurrency_mode", concurrencyMode);
            o.set("aggregate_decode_tok_s", stats(mapper, aggregateDecode));
        }
        if (usdPerHour != null) {
            o.put("usd_per_hour", usdPerHour).put("usd_per_mtok", usdPerMillionTokens());
        }
        if (tokens != null) {
            ArrayNode runs = o.putArray("tokens");
            for (int[] run : tokens) {
                ArrayNode ids = runs.addArray();
                Arrays.stream(run).forEach(ids::add);
            }
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode stats(ObjectMapper mapper, BenchStats s) {
        return mapper.createObjectNode().put("median", s.median()).put("min", s.min()).put("max", s.max());
    }

    void printTable(PrintWriter out) {
        row(out, "model", model + " (" + architecture + ", " + InfoCommand.bytes(fileBytes) + ")");
        row(out, "threads", Integer.toString(threads));
        row(out, "cpu", cpu);
        row(out, "kernels", kernels);
        row(out, "prefill", rates(prefill) + " tok/s, " + promptTokens + " prompt tokens");
        row(out, "decode", rates(decode) + " tok/s, " + genTokens + " tokens");
        row(out, "first token", String.format("%.1f ms (min %.1f, max %.1f)", ttftMs.median(), ttftMs.min(),
                ttftMs.max()));
        row(out, "peak RSS", InfoCommand.bytes(peakRssBytes));
        row(out, "KV cache", ModelSummary.kvText(kvBytesPerToken, cacheType));
        if (aggregateDecode != null) {
            row(out, "concurrency", concurrency + " sequences (" + concurrencyMode + "): " + rates(aggregateDecode)
                    + " tok/s aggregate decode");
        }
        if (usdPerHour != null) {
            row(out, "cost", String.format("$%.4f per million output tokens at $%.2f/hour", usdPerMillionTokens(),
                    usdPerHour));
        }
        row(out, "runs", repeat + " (median, min, max)");
        if (tokens != null) {
            for (int i = 0; i < tokens.size(); i++) {
                row(out, "tokens " + (i + 1), Arrays.stream(tokens.get(i)).mapToObj(Integer::toString)
                        .collect(Collectors.joining(" ")));
            }
        }
        out.flush();
    }

    private static String rates(BenchStats s) {
        return String.format("%.2f (min %.2f, max %.2f)", s.median(), s.min(), s.max());
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-12s %s%n", key, value);
    }
}
