package io.jseek.tokenizer;

import io.jseek.gguf.GgufFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access to /work/shared/testdata (system property {@code jseek.testdata}): llama.cpp vocab test vectors and
 * tokenizers loaded once per JVM, since loading a 150k-token vocabulary costs a noticeable fraction of a second.
 */
final class TestData {
    private static final Map<String, Tokenizer> CACHE = new ConcurrentHashMap<>();

    /** One test case: input text and expected ids. */
    record Vector(int index, String text, int[] expected) {
        @Override
        public String toString() {
            return "#" + index + " " + text.replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    private TestData() {
    }

    static Path dir() {
        String dir = System.getProperty("jseek.testdata", "../../shared/testdata");
        return Path.of(dir).resolve("tokenizer");
    }

    static Tokenizer gguf(String vocab) {
        return CACHE.computeIfAbsent("gguf:" + vocab, k -> {
            try (GgufFile file = GgufFile.open(dir().resolve("ggml-vocab-" + vocab + ".gguf"))) {
                return Tokenizers.fromGguf(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Tokenizer huggingFace(String fileName) {
        return CACHE.computeIfAbsent("hf:" + fileName, k -> {
            try {
                return Tokenizers.fromHuggingFace(dir().resolve(fileName));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Reads NAME.gguf.inp/.out in llama.cpp's test-tokenizer-0 format (docs §6). */
    static List<Vector> vectors(String vocab) {
        try {
            String inp = Files.readString(dir().resolve("ggml-vocab-" + vocab + ".gguf.inp"), StandardCharsets.UTF_8);
            List<String> out = Files.readAllLines(dir().resolve("ggml-vocab-" + vocab + ".gguf.out"),
                    StandardCharsets.UTF_8);
            String separator = "\n__ggml_vocab_test__\n";
            List<String> texts = new ArrayList<>();
            int pos = 0;
            while (pos < inp.length()) {
                int next = inp.indexOf(separator, pos);
                if (next < 0) {
                    texts.add(inp.substring(pos));
                    break;
                }
                texts.add(inp.substring(pos, next));
                pos = next + separator.length();
            }
            if (texts.size() != out.size()) {
                throw new IllegalStateException(texts.size() + " inputs but " + out.size() + " outputs for " + vocab);
            }
            List<Vector> vectors = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String line = out.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                vectors.add(new Vector(i, texts.get(i), ids));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
