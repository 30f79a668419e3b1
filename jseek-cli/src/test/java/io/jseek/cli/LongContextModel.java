package io.jseek.cli;

import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A random model trained for 131,072 positions whose full-context KV cache (10 layers of 512 floats per position,
 * 2.5 GiB as floats) does not fit the tests' 2 GiB heap: running it at its own context only works when the cache
 * grows with the conversation instead of being allocated whole.
 */
final class LongContextModel {
    static final int CONTEXT = 131_072;
    static final RandomModelSpec SPEC = new RandomModelSpec("long-context", "llama",
            "ggml-vocab-deepseek-coder.gguf", 256, 10, 4, 4, 256, CONTEXT, 10000f, 0f, false, true, GgmlType.Q8_0,
            7);

    private LongContextModel() {
    }

    static synchronized Path file() {
        Path dir = Path.of("target", "tiny-models");
        Path out = dir.resolve(SPEC.name() + ".gguf");
        try {
            if (!Files.isRegularFile(out)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, SPEC.name(), ".tmp");
                RandomModelWriter.write(SPEC, RunTestModel.TESTDATA.resolve("tokenizer").resolve(SPEC.vocab()), tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
