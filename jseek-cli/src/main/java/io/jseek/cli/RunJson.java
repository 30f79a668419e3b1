package io.jseek.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jseek.api.Generation;
import io.jseek.api.Timings;
import io.jseek.text.stream.TopLogprob;
import java.util.List;

/**
 * The one JSON object of {@code jseek run --output json}: {@code prompt_tokens}, {@code tokens}, {@code text},
 * {@code reasoning}, {@code finish_reason}, {@code timings} and, when asked for, {@code top_logprobs} (per
 * generated token, a list of {@code {id, token, logprob}}, most likely first).
 */
final class RunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {
    }

    static String of(Generation g, String text, String reasoning, boolean withLogprobs) {
        ObjectNode root = JSON.createObjectNode();
        ids(root.putArray("prompt_tokens"), g.promptTokens());
        ids(root.putArray("tokens"), g.tokens());
        root.put("text", text);
        root.put("reasoning", reasoning);
        root.put("finish_reason", g.finishReason().wireName());
        timings(root.putObject("timings"), g.timings());
        if (withLogprobs) {
            ArrayNode positions = root.putArray("top_logprobs");
            for (List<TopLogprob> top : g.topLogprobs()) {
                ArrayNode list = positions.addArray();
                for (TopLogprob t : top) {
                    list.addObject().put("id", t.id()).put("token", t.token()).put("logprob", t.logprob());
                }
            }
        }
        return root.toString();
    }

    private static void ids(ArrayNode array, int[] ids) {
        for (int id : ids) {
            array.add(id);
        }
    }

    private static void timings(ObjectNode node, Timings t) {
        node.put("prompt_tokens", t.promptTokens());
        node.put("generated_tokens", t.generatedTokens());
        node.put("prefill_ms", t.prefillNanos() / 1e6);
        node.put("decode_ms", t.decodeNanos() / 1e6);
        node.put("prefill_tokens_per_second", t.prefillTokensPerSecond());
        node.put("decode_tokens_per_second", t.decodeTokensPerSecond());
        node.put("peak_rss_bytes", RunMemory.peakRssBytes());
    }
}
