package io.jseek.bench;

import io.jseek.gguf.GgufFile;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokenizer throughput on a mixed text (English prose, Chinese, Python/Java code, numbers, emoji) of exactly
 * 1,000,000 UTF-8 bytes, built by repeating numbered snippets.
 *
 * <p>How to read it: each operation encodes (or decodes) the whole text once and the unit is ops/s, so the score
 * <b>is</b> MB/s (decimal megabytes of UTF-8 input for {@code encode}, of output text for {@code decode}). The
 * snippets repeat, as words do in real text, so the word cache is warm after the first pass; that is the
 * steady state of a long-running server. Vocabulary files come from {@code -Djseek.testdata=DIR} (default
 * {@code ../shared/testdata}, i.e. run from the project root), e.g.
 * {@code java -jar jseek-bench/target/benchmarks.jar TokenizerBenchmark -f 1 -wi 2 -i 3 -p vocab=deepseek-llm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class TokenizerBenchmark {
    static final int TEXT_BYTES = 1_000_000;

    private static final String[] SNIPPETS = {
        "The quick brown fox jumps over the lazy dog while the model streams tokens to the client. ",
        "DeepSeek-V3 uses a Mixture-of-Experts architecture with 671B total parameters, 37B activated per token.\n",
        "\u6DF1\u5EA6\u6C42\u7D22\u662F\u4E00\u5BB6\u4E13\u6CE8\u4E8E\u901A\u7528\u4EBA\u5DE5\u667A\u80FD\u7684"
                + "\u516C\u53F8\uFF0C\u6211\u4EEC\u7684\u6A21\u578B\u652F\u6301\u4E2D\u6587\u548C\u82F1\u6587\u3002\n",
        "def fibonacci(n: int) -> int:\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
        "public static int[] encode(String text) {\n    return tokenizer.encode(text, true, false); // TODO\n}\n",
        "Prices rose 3.75% to $1,234.56 on 2025-02-14; see https://example.com/report?id=42&lang=en.\n",
        "\u3053\u3093\u306B\u3061\u306F\u4E16\u754C\uFF01\u6771\u4EAC\u306F\u6674\u308C\u3067\u3059\u3002 "
                + "\uC548\uB155\uD558\uC138\uC694 \uD83D\uDE00\uD83D\uDE80\u2728 caf\u00e9 na\u00efve r\u00e9sum\u00e9\n",
        "    for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }\t// dot product\n\n",
    };

    @Param({"deepseek-v3"})
    public String vocab;

    private Tokenizer tokenizer;
    private String text;
    private int[] ids;

    @Setup
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("jseek.testdata", "../shared/testdata"), "tokenizer");
        try (GgufFile gguf = GgufFile.open(dir.resolve("ggml-vocab-" + vocab + ".gguf"))) {
            tokenizer = Tokenizers.fromGguf(gguf);
        }
        text = mixedText(TEXT_BYTES);
        ids = tokenizer.encode(text, false, false);
    }

    /** Numbered snippets up to just under {@code bytes} UTF-8 bytes, padded with spaces to exactly {@code bytes}. */
    static String mixedText(int bytes) {
        StringBuilder sb = new StringBuilder(bytes);
        int size = 0;
        for (int i = 0; ; i++) {
            String piece = "[" + i + "] " + SNIPPETS[i % SNIPPETS.length];
            int pieceBytes = piece.getBytes(StandardCharsets.UTF_8).length;
            if (size + pieceBytes > bytes) {
                break;
            }
            sb.append(piece);
            size += pieceBytes;
        }
        sb.append(" ".repeat(bytes - size));
        return sb.toString();
    }

    @Benchmark
    public int[] encode() {
        return tokenizer.encode(text, false, false);
    }

    @Benchmark
    public String decode() {
        return tokenizer.decode(ids);
    }
}
