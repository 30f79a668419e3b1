package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.gguf.GgufFile;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jseek quantize}: output, progress and the one-line errors for bad arguments (no file left behind). */
class QuantizeCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        var spec = TinyModels.llamaLinear(GgmlType.F32);
        model = dir.resolve("tiny.gguf");
        RandomModelWriter.write(spec, Path.of(System.getProperty("jseek.testdata"), "tokenizer", spec.vocab()), model);
    }

    @Test
    void writesTheFileWithProgressOnStderr() throws IOException {
        Path out = dir.resolve("tiny-q8_0.gguf");
        RunCli r = RunCli.exec("quantize", model.toString(), out.toString(), "q8_0",
                "--threads", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s)" + java.util.regex.Pattern.quote(out.toString())
                + ": Q8_0, .* -> .* in .* s \\(F32 \\d+, Q8_0 \\d+\\)\n"), r.out());
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(f.tensors().size(), r.err().lines().count(), r.err());
            assertTrue(r.err().lines().allMatch(l -> l.matches("\\[ *\\d+/ *\\d+\\] \\S+ +\\w+ +-> \\w+ +\\[.*\\]")),
                    r.err());
            assertEquals(7L, f.getLong("general.file_type"));
        }
        assertFalse(Files.exists(dir.resolve("tiny-q8_0.gguf.partial")));

        // rows of 64: output.weight cannot be Q6_K and stays the Q8_0 it is (copied, not requantized)
        RunCli again = RunCli.exec("quantize", out.toString(),
                dir.resolve("tiny-q4_0.gguf").toString(), "Q4_0");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().startsWith("note: " + out + " is already quantized (Q8_0): those tensors are"
                + " dequantized and quantized again"), again.err());
        assertTrue(again.out().matches("(?s).*\\(F32 \\d+, Q4_0 \\d+, Q8_0 1\\); 15 tensors requantized\n"),
                again.out());
    }

    @Test
    void badArgumentsGetOneLineAndNoOutput() throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.gguf"), "not a model at all".getBytes());
        Path out = dir.resolve("never.gguf");
        String missingFolder = dir.resolve("no/such/folder/x.gguf").toString();
        List<String[]> cases = List.of(
                new String[] {model.toString(), out.toString(), "Q3_X"},
                new String[] {dir.resolve("missing.gguf").toString(), out.toString(), "Q4_K_M"},
                new String[] {garbage.toString(), out.toString(), "Q4_K_M"},
                new String[] {model.toString(), missingFolder, "Q4_K_M"},
                new String[] {model.toString(), dir.resolve(".").resolve("tiny.gguf").toString(), "Q4_K_M"});
        List<String> expected = List.of(
                "jseek: unknown quantization type 'Q3_X'; known: Q4_0, Q5_0, Q8_0, Q4_K_M, Q5_K_M, Q6_K"
                        + " (Q4_K and Q5_K mean Q4_K_M and Q5_K_M)",
                "jseek: input file not found: " + dir.resolve("missing.gguf"),
                "jseek: " + garbage + ": ",
                "jseek: output folder does not exist: " + dir.resolve("no/such/folder"),
                "jseek: output file is the input file: " + dir.resolve(".").resolve("tiny.gguf"));
        long modelSize = Files.size(model);
        for (int i = 0; i < cases.size(); i++) {
            String[] a = cases.get(i);
            RunCli r = RunCli.exec("quantize", a[0], a[1], a[2]);
            assertEquals(1, r.exit(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith(expected.get(i)), r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("never.gguf.partial")));
        assertEquals(modelSize, Files.size(model), "the input is untouched");
    }
}
