package io.jseek.cli;

import io.jseek.convert.ConvertOptions;
import io.jseek.convert.ConvertProgress;
import io.jseek.convert.HfConverter;
import io.jseek.convert.OutputType;
import io.jseek.hub.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jseek convert}: a Hugging Face checkpoint folder (llama, qwen2, qwen3, deepseek2; F32/F16/BF16 or DeepSeek
 * FP8 safetensors) to one GGUF file, as llama.cpp's converter makes it ({@link HfConverter}). Progress on stderr.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a Hugging Face checkpoint folder (safetensors) to a GGUF file.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HF_DIR",
            description = "Folder with config.json, tokenizer.json and *.safetensors.")
    Path folder;

    @Option(names = "--out", paramLabel = "FILE.gguf",
            description = "The GGUF file to write (default: HF_DIR's name and the type, in the current folder).")
    Path out;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "f16",
            description = "Weight type: f32, f16 (default), bf16 or q8_0. Norms, router and biases stay f32.")
    String type;

    @Option(names = "--keep-mtp",
            description = "Keep DeepSeek-V3/R1's multi-token-prediction block as blk.N.nextn.* (dropped by default,"
                    + " as llama.cpp does; jseek does not run it).")
    boolean keepMtp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OutputType outputType = OutputType.parse(type).orElseThrow(() -> new IllegalArgumentException(
                "--type: unknown type '" + type + "' (" + OutputType.names() + ")"));
        Path target = out != null ? out : Path.of(folder.toAbsolutePath().normalize().getFileName() + "-"
                + outputType.name().toLowerCase(Locale.ROOT) + ".gguf");
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, PullCommand.stderrIsTerminal(), System::nanoTime, "converting");
        long t0 = System.nanoTime();
        HfConverter.Result r = HfConverter.convert(folder, target, new ConvertOptions(outputType, keepMtp),
                new ConvertProgress() {
                    @Override
                    public void start(String label, long totalBytes) {
                        bar.start(label, totalBytes, 0);
                    }

                    @Override
                    public void advance(long bytes) {
                        bar.advance(bytes);
                    }

                    @Override
                    public void finish() {
                        bar.finish();
                    }
                });
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: %s, %d tensors, %s in %.1f s%n", r.file(), r.architecture(), r.tensors(),
                InfoCommand.bytes(r.bytes()), (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }
}
