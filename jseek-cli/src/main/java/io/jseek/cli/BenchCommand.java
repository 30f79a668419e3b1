package io.jseek.cli;

import io.jseek.engine.EngineSettings;
import io.jseek.engine.LoadedEngine;
import io.jseek.model.PagedModel;
import io.jseek.tensor.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek bench}: prefill and decode speed, time to first token, peak memory and KV cache size of one model on
 * this machine, over repeated runs of a fixed token prompt on the engine that {@code run}, {@code chat} and
 * {@code serve} use ({@link BenchEngine}); optionally the aggregate decode rate of concurrent sequences batched by that
 * engine, and the cost per million output tokens at a given machine price.
 * Progress goes to stderr, the result to stdout (a table, or one JSON object with {@code --json}), so
 * {@code tools/bench/side-by-side.sh} can set it beside llama.cpp's numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode speed, time to first token, peak RSS and KV bytes per token.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelFlags modelFlags = new ModelFlags();

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "128",
            description = "Prompt length in tokens (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", paramLabel = "N", defaultValue = "64",
            description = "Tokens to decode per run (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5",
            description = "Timed runs; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Untimed runs first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "1",
            description = "Also measure the aggregate decode rate of C sequences at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--print-tokens",
            description = "Also print each timed run's greedy token ids (JSON: tokens), to compare runs of two processes.")
    boolean printTokens;

    @Option(names = "--usd-per-hour", paramLabel = "X",
            description = "Machine price in US dollars per hour: adds the cost per million output tokens.")
    Double usdPerHour;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = modelFlags.resolve(err);
        int context = promptTokens + genTokens + 2;
        EngineSettings settings = EngineSettings.of(modelFlags.threads.value(), concurrency, concurrency, context, 0, null)
                .withTokenBudget(Math.max(256, Math.max(promptTokens, concurrency))).withModel(modelFlags.options());
        int usedThreads = settings.model().threads();
        BenchResult result;
        try (LoadedEngine engine = LoadedEngine.open(file, settings)) {
            result = measure(engine, file, usedThreads, err);
        }
        if (json) {
            out.println(result.json());
            out.flush();
        } else {
            result.printTable(out);
        }
        return 0;
    }

    private void validate() {
        if (promptTokens < 1 || genTokens < 1 || repeat < 1 || concurrency < 1 || warmup < 0) {
            throw new IllegalArgumentException("--prompt-tokens, --gen-tokens, --repeat and --concurrency must be"
                    + " at least 1 and --warmup at least 0");
        }
        if (usdPerHour != null && !(usdPerHour > 0)) {
            throw new IllegalArgumentException("--usd-per-hour must be positive, got " + usdPerHour);
        }
    }

    private BenchResult measure(LoadedEngine engine, Path file, int usedThreads, PrintWriter err)
            throws IOException {
        BenchEngine bench = new BenchEngine(engine.engine(), promptTokens, genTokens);
        List<BenchEngine.Run> runs = bench.single(warmup, repeat, err);
        BenchStats prefill = stats(runs, r -> BenchEngine.rate(promptTokens, r.prefillNanos()));
        BenchStats decode = stats(runs, r -> BenchEngine.rate(genTokens, r.decodeNanos()));
        BenchStats ttft = stats(runs, r -> r.prefillNanos() / 1e6);
        BenchStats aggregate = null;
        String mode = null;
        if (concurrency > 1) {
            mode = "paged-batch";
            aggregate = BenchStats.of(bench.aggregate(concurrency, warmup, repeat, err));
        }
        PagedModel m = engine.model();
        return new BenchResult(file.toString(), m.config().architecture(), Files.size(file), usedThreads,
                promptTokens, genTokens, repeat, prefill, decode, ttft, RunMemory.peakRssBytes(),
                ModelSummary.kvBytesPerToken(m.gguf(), m.kvCacheType()), m.kvCacheType(), concurrency, mode, aggregate, usdPerHour, Kernels.describe(),
                cpuModel(), printTokens ? runs.stream().map(BenchEngine.Run::tokens).toList() : null);
    }

    /** The CPU's model name ({@code /proc/cpuinfo}), or the OS architecture where there is none. */
    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static BenchStats stats(List<BenchEngine.Run> runs, ToDoubleFunction<BenchEngine.Run> f) {
        return BenchStats.of(runs.stream().mapToDouble(f).toArray());
    }
}
