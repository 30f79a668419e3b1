package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jseek run} in-process on the tiny random model (V3 tokenizer, R1-Distill template). */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BOS = 0;
    private static final int USER = 128803;
    private static final int ASSISTANT = 128804;

    private static RunCli run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--model", RunTestModel.file().toString(), "--threads",
                "1"));
        all.addAll(List.of(args));
        return RunCli.run(stdin, all.toArray(String[]::new));
    }

    private static JsonNode json(String... args) {
        RunCli r = run("", args);
        assertEquals(0, r.exit(), r.err());
        try {
            return JSON.readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + r.out(), e);
        }
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    @Test
    void jsonHasEveryFieldAndMaxTokensEndsWithLength() {
        JsonNode j = json("--prompt", "Hello", "--max-tokens", "5", "--temperature", "0", "--output", "json");
        List<Integer> prompt = ids(j.get("prompt_tokens"));
        assertEquals(BOS, prompt.getFirst());
        assertTrue(prompt.contains(USER) && prompt.contains(ASSISTANT), prompt.toString());
        assertEquals(5, j.get("tokens").size());
        assertEquals("length", j.get("finish_reason").asText());
        assertTrue(j.get("text").isTextual() && j.get("reasoning").isTextual());
        assertEquals("", j.get("text").asText(), "the template opened <think>: all is reasoning");
        assertTrue(!j.get("reasoning").asText().isEmpty());
        JsonNode t = j.get("timings");
        assertEquals(prompt.size(), t.get("prompt_tokens").asInt());
        assertTrue(t.get("decode_tokens_per_second").asDouble() > 0);
        assertTrue(t.get("prefill_tokens_per_second").asDouble() > 0);
        assertTrue(t.get("peak_rss_bytes").asLong() > 0);
        assertTrue(!j.has("top_logprobs"));
    }

    @Test
    void rawSkipsTheTemplateAndReadsStdin() {
        RunCli r = run("Hello", "--prompt", "-", "--raw", "--max-tokens", "3", "--temperature", "0",
                "--output", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.valueToTree(parse(r.out()));
        List<Integer> prompt = ids(j.get("prompt_tokens"));
        assertEquals(List.of(BOS, 19923), prompt, "BOS + Hello, no role markers");
        assertEquals("", j.get("reasoning").asText());
        assertTrue(!j.get("text").asText().isEmpty());
    }

    @Test
    void sameSeedSameTokens() {
        String[] args = {"--prompt", "Hi", "--raw", "--max-tokens", "6", "--temperature", "1.2", "--seed", "99",
                "--output", "json"};
        assertEquals(ids(json(args).get("tokens")), ids(json(args).get("tokens")));
    }

    @Test
    void stopStringCutsTheText() {
        String[] base = {"--prompt", "Hi", "--raw", "--max-tokens", "10", "--temperature", "0", "--output", "json"};
        String text = json(base).get("text").asText();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 1);
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of("--stop", stop));
        JsonNode j = json(args.toArray(String[]::new));
        assertEquals("stop", j.get("finish_reason").asText());
        assertEquals(text.substring(0, text.indexOf(stop)), j.get("text").asText());
    }

    @Test
    void topLogprobsAreSortedAndSumToAtMostOne() {
        JsonNode j = json("--prompt", "Hi", "--raw", "--max-tokens", "4", "--temperature", "0", "--top-logprobs",
                "3", "--output", "json");
        JsonNode top = j.get("top_logprobs");
        assertEquals(j.get("tokens").size(), top.size());
        for (int i = 0; i < top.size(); i++) {
            JsonNode position = top.get(i);
            assertEquals(3, position.size());
            assertEquals(j.get("tokens").get(i).asInt(), position.get(0).get("id").asInt());
            double sum = 0;
            double previous = 0;
            for (JsonNode entry : position) {
                double lp = entry.get("logprob").asDouble();
                assertTrue(lp <= previous + 1e-9, "sorted");
                assertTrue(entry.get("token").isTextual());
                previous = lp;
                sum += Math.exp(lp);
            }
            assertTrue(sum <= 1 + 1e-5, "sum " + sum);
        }
    }

    @Test
    void promptLongerThanTheContextIsAClearError() {
        RunCli r = run("", "--prompt", "word ".repeat(50), "--ctx", "16", "--output", "json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("context holds 16"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void textOutputStreamsTheAnswer() {
        RunCli r = run("", "--prompt", "Hi", "--raw", "--max-tokens", "3", "--temperature", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().length() > 1);
    }

    @Test
    void outOfRangeFlagsAreRefusedNamingTheFlag() {
        String[][] cases = {
                {"--temperature", "-1", "--temperature"},
                {"--top-k", "-1", "--top-k"},
                {"--top-p", "0", "--top-p"},
                {"--min-p", "2", "--min-p"},
                {"--repeat-penalty", "0", "--repeat-penalty"},
                {"--max-tokens", "0", "--max-tokens"},
                {"--ctx", "-1", "--ctx"},
        };
        for (String[] c : cases) {
            RunCli r = run("", "--prompt", "Hi", c[0], c[1]);
            assertEquals(1, r.exit(), String.join(" ", c));
            assertTrue(r.err().startsWith("jseek: " + c[2] + " must"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        RunCli threads = RunCli.run("", "run", "--model", RunTestModel.file().toString(), "--prompt", "Hi",
                "--threads", "-2");
        assertEquals("jseek: --threads must be 0 (all processors) or more, got -2", threads.err().strip());
    }

    @Test
    void topLogprobsAreCappedAtTwentyAndNeedJson() {
        RunCli tooMany = run("", "--prompt", "Hi", "--top-logprobs", "100000", "--output", "json");
        assertEquals(1, tooMany.exit());
        assertTrue(tooMany.err().contains("--top-logprobs must be in [0, 20]"), tooMany.err());
        RunCli text = run("", "--prompt", "Hi", "--top-logprobs", "3");
        assertEquals(1, text.exit());
        assertTrue(text.err().contains("--top-logprobs needs --output json"), text.err());
        JsonNode j = json("--prompt", "Hi", "--raw", "--max-tokens", "2", "--temperature", "0", "--top-logprobs",
                "20", "--output", "json");
        assertEquals(20, j.get("top_logprobs").get(0).size());
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
