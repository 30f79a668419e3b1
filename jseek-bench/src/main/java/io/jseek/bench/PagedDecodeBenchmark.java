package io.jseek.bench;

import io.jseek.engine.DecodeStep;
import io.jseek.engine.KvLayout;
import io.jseek.engine.PagedModelRunner;
import io.jseek.engine.PrefillChunk;
import io.jseek.engine.RamKvBlockStore;
import io.jseek.engine.StepPlan;
import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batched decode step of the engine's runner ({@link PagedModelRunner}) over {@code sequences} sequences on a
 * random model of hidden size 512, 8 layers, Q8_0: ops/s times {@code sequences} is the aggregate decode speed in
 * tokens/s. A batch reads every weight once per step, so 8 sequences should cost far less than 8 times one. The vocab
 * comes from {@code -Djseek.testdata=DIR} (default {@code ../shared/testdata}), e.g.
 * {@code java -jar jseek-bench/target/benchmarks.jar PagedDecodeBenchmark -p sequences=1,8}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xmx2g"})
public class PagedDecodeBenchmark {
    private static final int BLOCK = 16;
    private static final int PROMPT = 16;
    private static final int BLOCKS_PER_SEQUENCE = 4;

    @Param({"1", "4", "8"})
    public int sequences;

    @Param({"2"})
    public int threads;

    private Path dir;
    private PagedModel model;
    private PagedModelRunner runner;
    private int[][] tables;
    private int step;

    @Setup
    public void setUp() throws IOException {
        RandomModelSpec spec = new RandomModelSpec("bench-512x8", "llama", "ggml-vocab-deepseek-coder.gguf", 512, 8,
                8, 8, 1536, 2048, 10000f, 0f, false, false, GgmlType.Q8_0, 99);
        dir = Files.createTempDirectory("jseek-bench");
        Path file = dir.resolve("bench.gguf");
        RandomModelWriter.write(spec, Path.of(System.getProperty("jseek.testdata", "../shared/testdata"),
                "tokenizer", spec.vocab()), file);
        model = (PagedModel) Models.load(file, ModelOptions.defaults().withThreads(threads));
        KvLayout layout = KvLayout.forModel(model, BLOCK, sequences * BLOCKS_PER_SEQUENCE);
        runner = new PagedModelRunner(model, new RamKvBlockStore(layout, model.kvCacheType()), sequences * PROMPT, sequences,
                BLOCKS_PER_SEQUENCE * BLOCK);
        tables = new int[sequences][];
        List<PrefillChunk> prefills = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            tables[s] = new int[BLOCKS_PER_SEQUENCE];
            for (int b = 0; b < BLOCKS_PER_SEQUENCE; b++) {
                tables[s][b] = s * BLOCKS_PER_SEQUENCE + b;
            }
            prefills.add(new PrefillChunk(s, 0, new Random(s).ints(PROMPT, 1, 30000).toArray(), tables[s], true));
        }
        runner.execute(new StepPlan(prefills, List.of(), List.of()));
    }

    /** Decodes one token of every sequence; positions cycle through the cache (same attention work on average). */
    @Benchmark
    public Map<Long, float[]> decodeStep() {
        int position = PROMPT + step++ % (BLOCKS_PER_SEQUENCE * BLOCK - PROMPT);
        List<DecodeStep> decodes = new ArrayList<>(sequences);
        for (int s = 0; s < sequences; s++) {
            decodes.add(new DecodeStep(s, position, 1 + s + step % 1000, tables[s]));
        }
        return runner.execute(new StepPlan(List.of(), decodes, List.of()));
    }

    @TearDown
    public void tearDown() throws IOException {
        model.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
