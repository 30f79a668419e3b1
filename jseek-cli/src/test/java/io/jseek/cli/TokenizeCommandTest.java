package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jseek tokenize} in-process on the DeepSeek-V3 vocab-only GGUF, with stdin and stdout redirected. */
class TokenizeCommandTest {
    private static final String USER = "<\uFF5CUser\uFF5C>";
    private static final String MODEL = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"),
            "tokenizer", "ggml-vocab-deepseek-v3.gguf").toString();

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cli = JseekCli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void wholeStdinIsOneText() {
        Run r = run("Hello world", "tokenize", "--model", MODEL);
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n", r.out().replace("\r\n", "\n"));
        assertEquals("[0,19923,2058,201]", run("Hello world\n", "tokenize", "--model", MODEL, "--bos").out().strip());
    }

    @Test
    void specialTokenTextIsPlainUnlessParsed() {
        String plain = run(USER, "tokenize", "--model", MODEL).out().strip();
        assertTrue(!plain.contains("128803"), plain);
        assertEquals("[128803]", run(USER, "tokenize", "--model", MODEL, "--parse-special").out().strip());
    }

    @Test
    void jsonlMapsLinesToArraysAndBack() {
        Run r = run("\"Hello world\"\n\"" + USER + "\"\n", "tokenize", "--model", MODEL, "--jsonl",
                "--parse-special");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n[128803]\n", r.out().replace("\r\n", "\n"));
        Run back = run(r.out(), "tokenize", "--model", MODEL, "--jsonl", "--detokenize", "--render-special");
        assertEquals("\"Hello world\"\n\"" + USER + "\"\n", back.out().replace("\r\n", "\n"));
    }

    @Test
    void detokenizePrintsRawText() {
        Run r = run("[0, 19923, 2058, 201]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Hello world\n", r.out());
    }

    @Test
    void badInputIsOneClearError() {
        Run r = run("\"a\"\n[1]\n", "tokenize", "--model", MODEL, "--jsonl");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stdin line 2") && r.err().contains("JSON string"), r.err());
        Run range = run("[999999]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, range.exit());
        assertTrue(range.err().contains("999999"), range.err());
    }

    @Test
    void nonIntegerIdsAreRefused() {
        Run r = run("[1.5]", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("element 0 is not an integer token id"), r.err());
    }

    @Test
    void blankJsonlLinesAreSkipped() {
        Run r = run("\"Hello world\"\n\n  \n\"Hello\"\n", "tokenize", "--model", MODEL, "--jsonl");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[19923,2058]\n[19923]\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void jsonErrorsSayWhereWithoutParserInternals() {
        Run r = run("[1, 2", "tokenize", "--model", MODEL, "--detokenize");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("invalid JSON at line 1"), r.err());
        assertTrue(!r.err().contains("Source") && !r.err().contains("REDACTED"), r.err());
    }

    @Test
    void aBrokenTokenizerJsonIsOneLineWithoutParserInternals(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path bad = java.nio.file.Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": [");
        Run r = run("Hi", "tokenize", "--model", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("tokenizer.json: invalid JSON"), r.err());
        assertTrue(!r.err().contains("Source") && !r.err().contains("REDACTED"), r.err());
    }
}
