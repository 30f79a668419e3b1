package io.jseek.cli;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.tools.RandomModelSpec;
import io.jseek.model.tools.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A random-weight one-layer llama model with DeepSeek-V3's real tokenizer (its BOS, role markers and EOS) and the
 * R1-Distill chat template (generation prompt {@code <｜Assistant｜><think>\n}), written once per build under
 * {@code target/} by the model module's {@link RandomModelWriter}. Its output is noise, but
 * deterministic noise.
 */
final class RunTestModel {
    static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));
    static final RandomModelSpec SPEC = new RandomModelSpec("cli-r1-tiny", "llama", "vocab-v3-r1-template.gguf", 64,
            1, 4, 2, 128, 512, 10000f, 0f, false, true, GgmlType.Q8_0, 2024);
    private static Path file;

    private RunTestModel() {
    }

    static synchronized Path file() {
        if (file == null) {
            Path dir = Path.of("target", "tiny-models");
            Path out = dir.resolve(SPEC.name() + ".gguf");
            try {
                if (!Files.isRegularFile(out)) {
                    Files.createDirectories(dir);
                    Path vocab = dir.resolve(SPEC.vocab());
                    writeVocab(vocab);
                    Path tmp = dir.resolve(SPEC.name() + ".tmp");
                    RandomModelWriter.write(SPEC, vocab, tmp);
                    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file = out;
        }
        return file;
    }

    /** The V3 vocab-only file with {@code tokenizer.chat_template} set to the R1-Distill template. */
    private static void writeVocab(Path out) throws IOException {
        Path template = TESTDATA.resolve("templates").resolve("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja");
        try (GgufFile v3 = GgufFile.open(TESTDATA.resolve("tokenizer").resolve("ggml-vocab-deepseek-v3.gguf"))) {
            GgufWriter w = new GgufWriter();
            for (Map.Entry<String, Object> e : v3.metadata().entrySet()) {
                GgufValueType type = v3.typeOf(e.getKey()).orElseThrow();
                if (!e.getKey().startsWith("tokenizer.")) {
                    continue;
                }
                if (type == GgufValueType.ARRAY) {
                    w.putArray(e.getKey(), elementType(e.getValue()), e.getValue());
                } else {
                    w.put(e.getKey(), type, e.getValue());
                }
            }
            w.putString("tokenizer.chat_template", Files.readString(template));
            w.write(out);
        }
    }

    private static GgufValueType elementType(Object array) {
        return switch (array) {
            case String[] ignored -> GgufValueType.STRING;
            case int[] ignored -> GgufValueType.INT32;
            case long[] ignored -> GgufValueType.UINT32;
            case float[] ignored -> GgufValueType.FLOAT32;
            default -> throw new IllegalArgumentException("unexpected array " + array.getClass());
        };
    }
}
