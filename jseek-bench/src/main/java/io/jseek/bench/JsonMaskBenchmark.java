package io.jseek.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.gguf.GgufFile;
import io.jseek.text.json.JsonConstraint;
import io.jseek.text.json.TokenVocabulary;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
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
 * What JSON mode costs per generated token on a real vocabulary: the mask of allowed tokens in typical states of a
 * document ({@code mask}, what a sampled request pays every token) and the single-token check a greedy request tries
 * first ({@code allows}). States are the text generated so far, e.g.
 * {@code java -jar jseek-bench/target/benchmarks.jar JsonMaskBenchmark -p vocab=deepseek-r1-qwen}; vocabularies come
 * from {@code -Djseek.testdata=DIR} (default {@code ../shared/testdata}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class JsonMaskBenchmark {
    private static final String SCHEMA = """
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
              "role":{"enum":["administrator","user","guest"]}},"required":["name"],"additionalProperties":false}""";

    @Param({"deepseek-v3", "deepseek-r1-qwen"})
    public String vocab;

    /** The document so far; {@code schema:} states are under {@link #SCHEMA}, the others any JSON object. */
    @Param({"{", "{\"ab", "{\"a\": ", "{\"a\": \"hello wor", "{\"a\": 12", "{\"a\": [true", "schema:{\"na",
        "schema:{\"role\": \"adm", "schema:{\"name\": \"x\", \"age\": 4"})
    public String state;

    private JsonConstraint constraint;
    private long[] words;
    private int allowedToken;

    @Setup
    public void setUp() throws IOException {
        Tokenizer tokenizer;
        Path file = Path.of(System.getProperty("jseek.testdata", "../shared/testdata"), "tokenizer",
                "ggml-vocab-" + vocab + ".gguf");
        try (GgufFile gguf = GgufFile.open(file)) {
            tokenizer = Tokenizers.fromGguf(gguf);
        }
        TokenVocabulary v = TokenVocabulary.of(tokenizer);
        boolean schema = state.startsWith("schema:");
        String prefix = schema ? state.substring("schema:".length()) : state;
        JsonNode node = schema ? new ObjectMapper().readTree(SCHEMA) : null;
        constraint = JsonConstraint.forSchema(node, v);
        for (int token : tokenizer.encode(prefix, false, false)) {
            constraint.accept(token);
        }
        words = new long[(v.size() + 63) / 64]; // one bit per token
        constraint.mask(words);
        allowedToken = -1;
        for (int w = 0; w < words.length && allowedToken < 0; w++) {
            if (words[w] != 0) {
                allowedToken = w * 64 + Long.numberOfTrailingZeros(words[w]);
            }
        }
    }

    @Benchmark
    public long[] mask() {
        constraint.mask(words);
        return words;
    }

    @Benchmark
    public boolean allows() {
        return constraint.allows(allowedToken);
    }
}
