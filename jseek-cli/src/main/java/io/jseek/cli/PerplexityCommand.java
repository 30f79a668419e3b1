package io.jseek.cli;

import io.jseek.model.Model;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import io.jseek.model.eval.ChunkedEvaluator;
import io.jseek.model.eval.KlStats;
import io.jseek.model.eval.LogSoftmax;
import io.jseek.model.eval.LogitsFile;
import io.jseek.model.eval.NllStats;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek perplexity}: the perplexity of a model over a text, in independent chunks of {@code --ctx} tokens with
 * the second half of each scored, as {@code llama-perplexity} computes it ({@link ChunkedEvaluator}); with
 * {@code --save-logits} the distributions are stored ({@link LogitsFile}) so that {@code --kl-base} can measure
 * another file of the same model (a quantization, another cache type) against them: KL divergence and top-token
 * agreement ({@link KlStats}).
 */
@Command(name = "perplexity", mixinStandardHelpOptions = true,
        description = "Perplexity over a text; KL divergence against a base model's saved logits.")
final class PerplexityCommand implements Callable<Integer> {
    @Mixin
    ModelFlags modelFlags = new ModelFlags();

    @Option(names = "--file", required = true, paramLabel = "TEXT", description = "The text (UTF-8) to score.")
    Path file;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "512",
            description = "Tokens per chunk (default: ${DEFAULT-VALUE}).")
    int ctx;

    @Option(names = "--chunks", paramLabel = "N", description = "Score at most N chunks (default: all).")
    Integer chunks;

    @Option(names = "--save-logits", paramLabel = "FILE", description = "Store the distributions, for --kl-base.")
    Path saveLogits;

    @Option(names = "--kl-base", paramLabel = "FILE",
            description = "Compare with the distributions of a base model saved by --save-logits.")
    Path klBase;

    @Option(names = "--worst", paramLabel = "N", defaultValue = "5",
            description = "With --kl-base, list the N positions of largest divergence (default: ${DEFAULT-VALUE}).")
    int worst;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (saveLogits != null && klBase != null) {
            throw new IllegalArgumentException("give --save-logits or --kl-base, not both");
        }
        if (worst < 0) {
            throw new IllegalArgumentException("--worst must be at least 0, got " + worst);
        }
        if (chunks != null && chunks < 1) {
            throw new IllegalArgumentException("--chunks must be at least 1, got " + chunks);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file: no such file: " + file);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path modelFile = modelFlags.resolve(err);
        try (Model m = Models.load(modelFile, modelFlags.options())) {
            if (!(m instanceof PagedModel paged)) {
                throw new IllegalArgumentException(modelFile + ": architecture " + m.config().architecture()
                        + " has no batched forward");
            }
            PerplexityResult result = run(paged, modelFile, err);
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? result.json() : result.text());
            out.flush();
        }
        return 0;
    }

    private PerplexityResult run(PagedModel m, Path modelFile, PrintWriter err) throws IOException {
        if (ctx > m.config().contextLength()) {
            throw new IllegalArgumentException("--ctx " + ctx + " exceeds the model's context of "
                    + m.config().contextLength());
        }
        Tokenizer tokenizer = Tokenizers.fromGguf(m.gguf());
        int[] tokens = tokenizer.encode(Files.readString(file, StandardCharsets.UTF_8), tokenizer.addBosByDefault(),
                false);
        ChunkedEvaluator evaluator = new ChunkedEvaluator(m, ctx, tokenizer.addBosByDefault() ? tokenizer.bosId() : -1);
        int available = evaluator.chunksIn(tokens.length);
        if (available == 0) {
            throw new IllegalArgumentException(file + " tokenizes to " + tokens.length + " tokens, fewer than one"
                    + " chunk of --ctx " + ctx);
        }
        int n = chunks == null ? available : Math.min(chunks, available);
        int vocab = m.config().vocabSize();
        NllStats nll = new NllStats();
        KlStats kl = null;
        try (LogitsFile.Reader base = klBase == null ? null : new LogitsFile.Reader(klBase);
             LogitsFile.Writer save = saveLogits == null ? null : new LogitsFile.Writer(saveLogits,
                     new LogitsFile.Header(vocab, ctx, n, LogitsFile.hash(tokens, n * ctx)))) {
            if (base != null) {
                n = checkBase(base.header(), tokens, vocab, n);
                kl = new KlStats(worst);
            }
            double[] baseLogProbs = base == null ? null : new double[vocab];
            KlStats klStats = kl;
            ChunkProgress bar = new ChunkProgress(err, isTerminal(), n, ctx);
            for (int c = 0; c < n; c++) {
                evaluator.evaluate(tokens, c, (chunk, index, logits, offset, next) -> {
                    nll.add(LogSoftmax.logSumExp(logits, offset, vocab) - logits[offset + next]);
                    try {
                        if (save != null) {
                            save.write(logits, offset, next);
                        }
                        if (klStats != null) {
                            klStats.add(baseLogProbs, base.next(baseLogProbs), logits, offset, chunk,
                                    ctx / 2 + index, next);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                bar.chunkDone(c + 1, nll.perplexity());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new PerplexityResult(modelFile.toString(), modelFlags.cache.type(), ctx, n, tokens.length, nll, kl,
                id -> tokenizer.decode(new int[] {id}, true));
    }

    /** The chunks to compare: those of the base file, which must come from this vocabulary, context and text. */
    private int checkBase(LogitsFile.Header h, int[] tokens, int vocab, int requested) {
        if (h.vocab() != vocab) {
            throw new IllegalArgumentException(klBase + ": logits over a vocabulary of " + h.vocab()
                    + " tokens; this model has " + vocab);
        }
        if (h.ctx() != ctx) {
            throw new IllegalArgumentException(klBase + ": saved with --ctx " + h.ctx() + "; this run uses --ctx "
                    + ctx);
        }
        if (tokens.length < h.chunks() * ctx || LogitsFile.hash(tokens, h.chunks() * ctx) != h.tokensHash()) {
            throw new IllegalArgumentException(klBase + ": saved over other tokens (another text or tokenizer)");
        }
        return Math.min(chunks == null ? h.chunks() : requested, h.chunks());
    }

    /** Whether stderr is a terminal that redraws a line (JDK 22+: a console exists even when redirected). */
    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
