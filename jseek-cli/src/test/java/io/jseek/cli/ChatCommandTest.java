package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jseek chat} with piped stdin: turns, slash commands, transcripts. */
class ChatCommandTest {

    private static RunCli chat(String stdin, String... extra) {
        String[] base = {"chat", "--model", RunTestModel.file().toString(), "--threads", "1", "--max-tokens", "4",
                "--temperature", "0"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return RunCli.run(stdin, all);
    }

    @Test
    void answersPipedLinesAndRunsCommands(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("conv.json");
        String input = String.join("\n", "Hello", "/stats", "/system Be brief.", "/save " + saved, "/clear",
                "/load " + saved, "/help", "/nonsense", "/exit", "never read") + "\n";
        RunCli r = chat(input);
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("Thinking..."), out);
        assertTrue(out.contains("tok/s)"), out);
        assertTrue(out.contains("answer: 4 tokens"), out);
        assertTrue(out.contains("(system prompt set)"), out);
        assertTrue(out.contains("(saved 3 messages"), out);
        assertTrue(out.contains("(conversation cleared)"), out);
        assertTrue(out.contains("(loaded 3 messages"), out);
        assertTrue(out.contains("/save FILE"), out);
        assertTrue(out.contains("unknown command /nonsense"), out);
        String json = Files.readString(saved);
        assertTrue(json.contains("\"role\" : \"system\"") && json.contains("Be brief."), json);
        assertTrue(json.contains("\"role\" : \"user\"") && json.contains("Hello"), json);
        assertTrue(json.contains("\"role\" : \"assistant\"") && json.contains("reasoning_content"), json);
    }

    @Test
    void hideReasoningAndErrorsDoNotEndTheChat() {
        RunCli r = chat("Hi\n/load /nonexistent/file.json\nAgain\n", "--hide-reasoning");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("Thinking..."), r.out());
        assertTrue(r.out().contains("error: no such file or folder: /nonexistent/file.json"), r.out());
        assertEquals(2, r.out().split("tok/s\\)", -1).length - 1, r.out());
    }

    @Test
    void statsAfterClearShowAnEmptyContext() {
        RunCli r = chat("Hello\n/clear\n/stats\n");
        assertEquals(0, r.exit(), r.err());
        String afterClear = r.out().substring(r.out().indexOf("(conversation cleared)"));
        assertTrue(afterClear.contains("context: 0 of 512 tokens"), afterClear);
        assertTrue(!afterClear.contains("answer:"), afterClear);
    }

    @Test
    void saveSaysHowManyMessagesItWroteAndWhyItCannot(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("conv.json");
        Path missing = dir.resolve("no-such-folder").resolve("conv.json");
        RunCli r = chat("/system S\nHello\n/save " + saved + "\n/save " + missing + "\n");
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, ChatTranscript.load(saved).size());
        assertTrue(r.out().contains("(saved 3 messages to " + saved + ")"), r.out());
        assertTrue(r.out().contains("error: cannot save to " + missing + ": the folder " + missing.getParent()
                + " does not exist"), r.out());
    }

    @Test
    void loadingBrokenJsonSaysWhereWithoutParserInternals(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"messages\": [");
        RunCli r = chat("/load " + broken + "\n");
        assertTrue(r.out().contains("error: " + broken + ": invalid JSON at line 1"), r.out());
        assertTrue(!r.out().contains("Source") && !r.out().contains("REDACTED"), r.out());
    }
}
