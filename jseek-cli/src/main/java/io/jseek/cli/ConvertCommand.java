package io.jseek.cli;

import io.jseek.convert.ConvertOptions;
import io.jseek.convert.ConvertProgress;
import io.jseek.convert.HfConverter;
import io.jseek.convert.OutputType;
import io.jseek.convert.PartialFile;
import io.jseek.hub.ProgressBar;
import io.jseek.model.ComputePool;
import io.jseek.model.quantize.GgufQuantizer;
import io.jseek.model.quantize.QuantType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
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
            description = "Weight type: f32, f16 (default), bf16 or q8_0 (norms, router and biases stay f32); or a"
                    + " llama-quantize mix (q4_0, q5_0, q4_k_m, q5_k_m, q6_k): converted to bf16 beside the output,"
                    + " then quantized as jseek quantize does.")
    String type;

    @Option(names = "--keep-mtp",
            description = "Keep DeepSeek-V3/R1's multi-token-prediction block as blk.N.nextn.* (dropped by default,"
                    + " as llama.cpp does; jseek does not run it).")
    boolean keepMtp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Optional<OutputType> direct = OutputType.parse(type);
        QuantType mix = direct.isPresent() ? null : mix(type);
        Path target = out != null ? out : Path.of(folder.toAbsolutePath().normalize().getFileName() + "-"
                + type.toLowerCase(Locale.ROOT) + ".gguf");
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        HfConverter.Result r;
        if (mix == null) {
            r = convert(direct.get(), target, err);
        } else {
            try (PartialFile bf16File = new PartialFile(target, ".bf16-tmp")) {
                Path bf16 = bf16File.path();
                HfConverter.Result converted = convert(OutputType.BF16, bf16, err);
                err.println("quantizing to " + mix);
                err.flush();
                GgufQuantizer.quantize(new GgufQuantizer.Options(bf16, target, mix, false,
                        ComputePool.defaultThreads()), (i, count, name, from, to, shape) -> { });
                r = new HfConverter.Result(target, converted.architecture(), converted.tensors(),
                        Files.size(target));
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: %s, %s, %d tensors, %s in %.1f s%n", r.file(), r.architecture(),
                mix == null ? direct.get().name() : mix.name(), r.tensors(), InfoCommand.bytes(r.bytes()),
                (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    /** A llama-quantize mix for {@code --type}, or the one-line error listing every type. */
    private static QuantType mix(String type) {
        try {
            QuantType t = QuantType.parse(type);
            if (t != QuantType.Q8_0) {
                return t;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the converter's own types
        }
        throw new IllegalArgumentException("--type: unknown type '" + type + "' (" + OutputType.names()
                + "|q4_0|q5_0|q4_k_m|q5_k_m|q6_k)");
    }

    private HfConverter.Result convert(OutputType outputType, Path target, PrintWriter err) throws IOException {
        return HfConverter.convert(folder, target, new ConvertOptions(outputType, keepMtp), progress(err));
    }

    /** The converter's progress as a bar (or lines) on {@code err}. */
    static ConvertProgress progress(PrintWriter err) {
        ProgressBar bar = new ProgressBar(err, PullCommand.stderrIsTerminal(), System::nanoTime, "converting");
        return new ConvertProgress() {
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
        };
    }
}
