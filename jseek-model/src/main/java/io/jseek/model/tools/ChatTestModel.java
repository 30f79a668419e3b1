package io.jseek.model.tools;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A random-weight one-layer llama model with DeepSeek-V3's real tokenizer (its BOS, role markers and EOS) and the
 * R1-Distill chat template (generation prompt {@code <｜Assistant｜><think>\n}), for tests of everything above the
 * forward pass: prompts, templates, streaming, the CLI. Its output is noise, but deterministic noise.
 */
public final class ChatTestModel {
    public static final RandomModelSpec SPEC = new RandomModelSpec("r1-tiny", "llama", "vocab-v3-r1-template.gguf",
            64, 1, 4, 2, 128, 512, 10000f, 0f, false, true, GgmlType.Q8_0, 2024);

    private ChatTestModel() {
    }

    /**
     * The model file under {@code dir}, written on first use from the test data folder {@code testdata} (which holds
     * {@code tokenizer/ggml-vocab-deepseek-v3.gguf} and {@code templates/}).
     */
    public static synchronized Path file(Path dir, Path testdata) throws IOException {
        Path out = dir.resolve(SPEC.name() + ".gguf");
        if (!Files.isRegularFile(out)) {
            Files.createDirectories(dir);
            Path vocab = dir.resolve(SPEC.vocab());
            writeVocab(testdata, vocab);
            Path tmp = Files.createTempFile(dir, SPEC.name(), ".tmp");
            RandomModelWriter.write(SPEC, vocab, tmp);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    /** The V3 vocab-only file with {@code tokenizer.chat_template} set to the R1-Distill template. */
    private static void writeVocab(Path testdata, Path out) throws IOException {
        Path template = testdata.resolve("templates").resolve("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja");
        try (GgufFile v3 = GgufFile.open(testdata.resolve("tokenizer").resolve("ggml-vocab-deepseek-v3.gguf"))) {
            GgufWriter w = new GgufWriter();
            for (String key : v3.metadata().keySet()) {
                if (key.startsWith("tokenizer.")) {
                    w.copy(v3, key);
                }
            }
            w.putString("tokenizer.chat_template", Files.readString(template));
            w.write(out);
        }
    }
}
