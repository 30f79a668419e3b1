package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code jseek tokenize} in-process on the DeepSeek-V3 vocab-only GGUF, with stdin and stdout redirected. */
class TokenizeCommandTest {
    private static final String USER = "<\uFF5CUser\uFF5C>";
    private static final String MODEL = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"),
            "tokenizer", "ggml-vocab-deepseek-v3.gguf").toString();

    @Test
    void wholeStdinIsOneText() {
        RunCli r = RunCli.run("Hello world", "tokenize", "--model", MODEL);
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n", r.out().replace("\r\n", "\n"));
        assertEquals("[0,19923,2058,201]", RunCli.run("Hello world\n", "tokenize", "--model", MODEL, "--bos").out().strip());
    }

    @Test
    void specialTokenTextIsPlainUnlessParsed() {
        String plain = RunCli.run(USER, "tokenize", "--model", MODEL).out().strip();
        assertTrue(!plain.contains("128803"), plain);
        assertEquals("[128803]", RunCli.run(USER, "tokenize", "--model", MODEL, "--parse-special").out().strip());
    }

    @Test
    void jsonlMapsLinesToArraysAndBack() {
        RunCli r = RunCli.run("\"Hello world\"\n\"" + USER + "\"\n", "tokenize", "--model", MODEL, "--jsonl",
                "--parse-special");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n[128803]\n", r.out().replace("\r\n", "\n"));
        RunCli back = RunCli.run(r.out(), "tokenize", "--model", MODEL, "--jsonl", "--detokenize", "--render-special");
        assertEquals("\"Hello world\"\n\"" + USER + "\"\n", back.out().replace("\r\n", "\n"));
    }

    @Test
    void detokenizePrintsRawText() {
        RunCli r = RunCli.run("[0, 19923, 2058, 201]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Hello world\n", r.out());
    }

    @Test
    void badInputIsOneClearError() {
        RunCli r = RunCli.run("\"a\"\n[1]\n", "tokenize", "--model", MODEL, "--jsonl");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stdin line 2") && r.err().contains("JSON string"), r.err());
        RunCli range = RunCli.run("[999999]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, range.exit());
        assertTrue(range.err().contains("999999"), range.err());
    }

    @Test
    void nonIntegerIdsAreRefused() {
        RunCli r = RunCli.run("[1.5]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("element 0 is not an integer token id"), r.err());
    }

    @Test
    void blankJsonlLinesAreSkipped() {
        RunCli r = RunCli.run("\"Hello world\"\n\n  \n\"Hello\"\n", "tokenize", "--model", MODEL, "--jsonl");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n[19923]\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void jsonErrorsSayWhereWithoutParserInternals() {
        RunCli r = RunCli.run("[1, 2", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("invalid JSON at line 1"), r.err());
        assertTrue(!r.err().contains("Source") && !r.err().contains("REDACTED"), r.err());
    }

    @Test
    void aBrokenTokenizerJsonIsOneLineWithoutParserInternals(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path bad = java.nio.file.Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": [");
        RunCli r = RunCli.run("Hi", "tokenize", "--model", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("tokenizer.json: invalid JSON"), r.err());
        assertTrue(!r.err().contains("Source") && !r.err().contains("REDACTED"), r.err());
    }
}
