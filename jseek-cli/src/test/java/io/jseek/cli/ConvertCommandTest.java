package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.gguf.GgufFile;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jseek convert} end to end on a one-tensor qwen2 checkpoint with Qwen's real tokenizer. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    private Path checkpoint() throws Exception {
        Path hf = Files.createDirectories(dir.resolve("tiny-qwen"));
        Files.writeString(hf.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 64, "num_hidden_layers": 1,
                 "num_attention_heads": 2, "rms_norm_eps": 1e-6, "eos_token_id": 151643}""");
        Files.copy(RunTestModel.TESTDATA.resolve("tokenizer/qwen.tokenizer.json"), hf.resolve("tokenizer.json"));
        writeDownProj(hf, "BF16", 256);
        return hf;
    }

    /** {@code model.safetensors} in {@code hf} with one 2 x 64 tensor of {@code dtype} ({@code bytes} zero bytes). */
    private static void writeDownProj(Path hf, String dtype, int bytes) throws IOException {
        String header = "{\"model.layers.0.mlp.down_proj.weight\":{\"dtype\":\"" + dtype + "\",\"shape\":[2,64],"
                + "\"data_offsets\":[0," + bytes + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Files.write(hf.resolve("model.safetensors"), b.array());
    }

    /**
     * Converts {@code hf} to {@code name} in the temporary folder as {@code type}: it succeeds, reports the file as
     * {@code label} and shows {@code progress} on stderr. The file written.
     */
    private Path convert(Path hf, String name, String type, String label, String progress) {
        Path out = dir.resolve(name);
        RunCli r = RunCli.run("", "convert", hf.toString(), "--out", out.toString(), "--type", type);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith(out.toAbsolutePath() + ": qwen2, " + label + ", 1 tensors"), r.out());
        assertTrue(r.err().contains(progress), r.err());
        return out;
    }

    @Test
    void convertsWithProgressAndTheRequestedType() throws Exception {
        Path out = convert(checkpoint(), "out.gguf", "q8_0", "Q8_0", "converting out.gguf");
        try (GgufFile g = GgufFile.open(out)) {
            assertEquals(GgmlType.Q8_0, g.tensor("blk.0.ffn_down.weight").type());
            assertEquals(7, g.getLong("general.file_type"));
            assertEquals("qwen2", g.getString("tokenizer.ggml.pre"));
        }
    }

    /** A llama-quantize mix: the same bytes as converting to bf16 and running jseek quantize on that. */
    @Test
    void aQuantizeMixGoesThroughBf16() throws Exception {
        Path hf = checkpoint();
        Path mixed = convert(hf, "mixed.gguf", "q4_k_m", "Q4_K_M", "quantizing to Q4_K_M");
        assertFalse(Files.exists(dir.resolve("mixed.gguf.bf16-tmp")));
        Path bf16 = dir.resolve("bf16.gguf");
        Path twoSteps = dir.resolve("two-steps.gguf");
        assertEquals(0, RunCli.run("", "convert", hf.toString(), "--out", bf16.toString(), "--type", "bf16").exit());
        assertEquals(0, RunCli.run("", "quantize", bf16.toString(), twoSteps.toString(), "Q4_K_M").exit());
        try (GgufFile a = GgufFile.open(mixed); GgufFile b = GgufFile.open(twoSteps)) {
            assertEquals(15, a.getLong("general.file_type"));
            var ta = a.tensor("blk.0.ffn_down.weight");
            var tb = b.tensor("blk.0.ffn_down.weight");
            assertEquals(tb.type(), ta.type());
            assertTrue(ta.type() != GgmlType.BF16, ta.toString());
            assertTrue(ta.data().mismatch(tb.data()) < 0, "same bytes");
        }
    }

    /** A checkpoint folder as --model: FP8 weights have no kernel, and the error says how to convert them. */
    @Test
    void runOnAnFp8FolderNamesTheConvertCommand() throws Exception {
        Path hf = Files.createDirectories(dir.resolve("tiny-fp8"));
        Files.writeString(hf.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 64, "num_hidden_layers": 1,
                 "num_attention_heads": 2, "rms_norm_eps": 1e-6}""");
        writeDownProj(hf, "F8_E4M3", 128);
        RunCli r = RunCli.run("", "run", "--model", hf.toString(), "--prompt", "hi");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("F8_E4M3") && r.err().contains("jseek convert " + hf + " --type q8_0"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path hf = checkpoint();
        RunCli r = RunCli.run("", "convert", hf.toString(), "--type", "q3_k");
        assertEquals(1, r.exit());
        assertEquals("jseek: --type: unknown type 'q3_k' (f32|f16|bf16|q8_0|q4_0|q5_0|q4_k_m|q5_k_m|q6_k)\n", r.err());
        RunCli missing = RunCli.run("", "convert", dir.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().matches("jseek: .*nope: not a folder\n"), missing.err());
        assertFalse(Files.exists(Path.of("tiny-qwen-f16.gguf")));
    }
}
