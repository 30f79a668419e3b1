package io.jseek.cli;

import io.jseek.model.random.BenchQuant;
import io.jseek.model.random.BenchShapes;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek gen-model}: writes a random-weight GGUF at a real model's shape and quant mix for benchmarks
 * ({@link RandomModelWriter}), with the real tokenizer taken from a vocab GGUF of the test data; also a way to try
 * every command offline. The file appears only when complete (written beside it, then renamed), so a script that
 * reuses existing files never picks up a half-written one. A missing output folder is created, and said so.
 */
@Command(name = "gen-model", mixinStandardHelpOptions = true,
        description = "Write a random-weight model at a real shape, for benchmarks or to try jseek offline.")
final class GenModelCommand implements Callable<Integer> {
    @Option(names = "--shape", required = true, paramLabel = "NAME",
            description = "qwen2-1.5b, qwen3-8b, coder-1.3b or v2-lite; NAME-tiny: a small stand-in for tests"
                    + " (256 wide, 2 layers; v2-lite-tiny 27, the depth llama.cpp reads a V2-Lite at).")
    String shape;

    @Option(names = "--type", required = true, paramLabel = "Q4_0|Q8_0|Q4_K_M", description = "Quantization mix.")
    String type;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The GGUF file to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: 1).")
    long seed;

    @Option(names = "--vocab-dir", paramLabel = "DIR",
            description = "Folder of the ggml-vocab-*.gguf files (default: $JSEEK_TESTDATA/tokenizer, else"
                    + " ../shared/testdata/tokenizer or shared/testdata/tokenizer).")
    Path vocabDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RandomModelSpec s = BenchShapes.byName(shape).withSeed(seed);
        BenchQuant q = BenchQuant.parse(type);
        Path vocab = vocabDirectory().resolve(s.vocab());
        if (!Files.isRegularFile(vocab)) {
            throw new IllegalArgumentException("vocab file not found: " + vocab + " (set --vocab-dir)");
        }
        Path target = out.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
            spec.commandLine().getErr().println("created folder " + target.getParent());
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long t0 = System.nanoTime();
        long size;
        try {
            size = RandomModelWriter.write(s, q, vocab, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %s %s, %s in %.1f s%n", target, s.name(), q, InfoCommand.bytes(size),
                (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    private Path vocabDirectory() {
        if (vocabDir != null) {
            return vocabDir;
        }
        String env = System.getenv("JSEEK_TESTDATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env, "tokenizer");
        }
        for (Path p : List.of(Path.of("..", "shared", "testdata", "tokenizer"),
                Path.of("shared", "testdata", "tokenizer"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no vocab folder found: pass --vocab-dir or set JSEEK_TESTDATA");
    }
}
