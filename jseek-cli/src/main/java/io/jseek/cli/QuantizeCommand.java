package io.jseek.cli;

import io.jseek.gguf.GgufFile;
import io.jseek.model.ModelOptions;
import io.jseek.model.quantize.GgufQuantizer;
import io.jseek.model.quantize.QuantType;
import io.jseek.tensor.GgmlType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jseek quantize IN OUT TYPE}: llama-quantize's type mixes ({@link GgufQuantizer}), one progress line per
 * tensor on stderr, a summary on stdout.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Re-quantize a GGUF model (F32/F16/BF16, or already quantized) with llama.cpp's type mixes.")
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The GGUF model to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The GGUF file to write (its folder must exist).")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE",
            description = "Q4_K_M, Q5_K_M, Q4_0, Q5_0, Q8_0 or Q6_K (Q4_K and Q5_K mean the _M mixes).")
    String type;

    @Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--pure", description = "Every quantized tensor gets TYPE's default type: no mix rules.")
    boolean pure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        QuantType t = QuantType.parse(type);
        int n = ModelOptions.onThreads(threads.value()).threads();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.isRegularFile(in)) {
            noteRequantize(err);
        }
        long t0 = System.nanoTime();
        GgufQuantizer.Result r = GgufQuantizer.quantize(new GgufQuantizer.Options(in, out, t, pure, n),
                (i, count, name, from, to, shape) -> {
                    err.printf("[%4d/%4d] %-40s %-5s -> %-5s %s%n", i, count, name, from, to, Arrays.toString(shape));
                    err.flush();
                });
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %s, %s -> %s in %.1f s (%s)%s%n", out, t, InfoCommand.bytes(r.inBytes()),
                InfoCommand.bytes(r.outBytes()), (System.nanoTime() - t0) / 1e9, mix(r.types()),
                r.requantized() == 0 ? "" : "; " + r.requantized() + " tensors requantized");
        o.flush();
        return 0;
    }

    /** Says, before the work, that quantized tensors go through F32 again (as llama-quantize --allow-requantize). */
    private void noteRequantize(PrintWriter err) throws Exception {
        List<GgmlType> quantized;
        try (GgufFile f = GgufFile.open(in)) {
            quantized = GgufQuantizer.quantizedSourceTypes(f);
        }
        if (!quantized.isEmpty()) {
            err.println("note: " + in + " is already quantized (" + quantized.stream().map(Enum::name)
                    .collect(Collectors.joining(", ")) + "): those tensors are dequantized and quantized again,"
                    + " which adds error; quantize from the F32/F16/BF16 model where you can");
        }
    }

    private static String mix(Map<GgmlType, Integer> types) {
        return types.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
