package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jseek bench} in-process on the one-layer tiny llama (embedding 64, 4 heads of 16, 2 KV heads). */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunCli bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "--model", RunTestModel.file().toString(), "--threads",
                "1", "--prompt-tokens", "8", "--gen-tokens", "4", "--warmup", "0"));
        all.addAll(List.of(args));
        return RunCli.run("", all.toArray(String[]::new));
    }

    private static void assertStats(JsonNode s) {
        double median = s.get("median").asDouble();
        assertTrue(s.get("min").asDouble() > 0, s.toString());
        assertTrue(s.get("min").asDouble() <= median && median <= s.get("max").asDouble(), s.toString());
    }

    @Test
    void aQ8_0CacheNeedsHeadsOfWholeBlocks() throws Exception {
        RunCli r = bench("--cache-type", "q8_0");
        assertEquals(1, r.exit());
        assertEquals("jseek: --cache-type q8_0 needs rows in blocks of 32 values; this model's key head has 16 (use f16"
                + " or f32)\n", r.err());
    }

    @Test
    void anF32CacheHoldsFourBytesPerValue() throws Exception {
        RunCli r = bench("--cache-type", "f32", "--repeat", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("f32", j.get("kv_cache_type").asText());
        assertEquals(1L * 2 * 2 * 16 * Float.BYTES, j.get("kv_bytes_per_token").asLong());
        assertEquals(1L * 2 * 2 * 16 * Float.BYTES, j.get("kv_bytes_per_token_llama_cpp").asLong());
    }

    @Test
    void jsonHasRatesTimeToFirstTokenMemoryAndKvSize() throws Exception {
        RunCli r = bench("--repeat", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertStats(j.get("prefill_tok_s"));
        assertStats(j.get("decode_tok_s"));
        assertTrue(j.get("ttft_ms").asDouble() > 0);
        assertTrue(j.get("peak_rss_bytes").asLong() > 0);
        // 1 layer x (keys + values) x 2 KV heads x 16 dims, held as F16 halves as llama.cpp does
        assertEquals(1L * 2 * 2 * 16 * Short.BYTES, j.get("kv_bytes_per_token").asLong());
        assertEquals("f16", j.get("kv_cache_type").asText());
        assertEquals(1L * 2 * 2 * 16 * 2, j.get("kv_bytes_per_token_llama_cpp").asLong(), "llama.cpp's F16 cache");
        assertEquals(8, j.get("prompt_tokens").asInt());
        assertEquals(3, j.get("repeat").asInt());
        assertFalse(j.has("usd_per_mtok"));
        assertFalse(j.has("aggregate_decode_tok_s"));
        assertTrue(r.err().contains("run 3/3"), r.err());
    }

    @Test
    void concurrencyAndPriceAddAggregateRateAndCost() throws Exception {
        RunCli r = bench("--repeat", "1", "--json", "--concurrency", "3", "--usd-per-hour", "2.5");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(3, j.get("concurrency").asInt());
        assertEquals("paged-batch", j.get("concurrency_mode").asText());
        assertStats(j.get("aggregate_decode_tok_s"));
        double rate = j.get("aggregate_decode_tok_s").get("median").asDouble();
        assertEquals(2.5 / (rate * 3600) * 1e6, j.get("usd_per_mtok").asDouble(), 1e-9);
    }

    @Test
    void tableNamesEveryMeasurement() {
        RunCli r = bench("--repeat", "1", "--usd-per-hour", "1");
        assertEquals(0, r.exit(), r.err());
        for (String row : List.of("prefill", "decode", "first token", "peak RSS", "KV cache", "cost")) {
            assertTrue(r.out().contains(row), r.out());
        }
    }

    @Test
    void printTokensGivesEachRunsGreedyIds() throws Exception {
        RunCli r = bench("--repeat", "3", "--json", "--print-tokens");
        assertEquals(0, r.exit(), r.err());
        JsonNode tokens = JSON.readTree(r.out()).get("tokens");
        assertEquals(3, tokens.size(), r.out());
        // the prefill's token and one per decode step
        // (each run's prompt starts with its own token, so that the prefix cache cannot serve it: runs differ)
        for (JsonNode run : tokens) {
            assertEquals(5, run.size(), r.out());
        }
        RunCli table = bench("--repeat", "3", "--print-tokens");
        String ids = String.join(" ", tokens.get(1).valueStream().map(JsonNode::asText).toList());
        assertTrue(table.out().contains("tokens 2     " + ids), table.out());
        assertFalse(bench("--repeat", "1", "--json").out().contains("\"tokens\""));
    }

    @Test
    void rejectsNonsenseCounts() {
        RunCli r = bench("--repeat", "0");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--repeat"), r.err());
        assertEquals(1, bench("--usd-per-hour", "-3").exit());
    }

    @Test
    void statsTakeTheMiddleValueOrTheMeanOfTheTwo() {
        assertEquals(new BenchStats(2, 1, 9), BenchStats.of(new double[] {9, 1, 2}));
        assertEquals(new BenchStats(2.5, 1, 9), BenchStats.of(new double[] {9, 1, 2, 3}));
    }

    @Test
    void promptIsTheSharedFormula() {
        assertArrayEquals(new int[] {1000, 8919, 16838, 4757}, BenchPrompt.tokens(4));
    }
}
