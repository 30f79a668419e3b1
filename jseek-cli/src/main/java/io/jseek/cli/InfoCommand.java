package io.jseek.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jseek.gguf.GgufFile;
import io.jseek.tensor.Kernels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jseek info}: what a GGUF file holds, read from its header without loading the weights. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a GGUF model's architecture, size, quant mix, tokenizer, KV-cache cost and tensors.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "GGUF file (any part of a split model).")
    Path model;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--tensors", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "List the tensors (default: ${DEFAULT-VALUE}).")
    boolean tensors;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelSummary s;
        try (GgufFile gguf = GgufFile.open(model)) {
            s = ModelSummary.of(gguf);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(tensors ? s : withoutTensors(s)));
        } else {
            printText(out, s);
        }
        out.flush();
        return 0;
    }

    private static ModelSummary withoutTensors(ModelSummary s) {
        return new ModelSummary(s.file(), s.fileBytes(), s.ggufVersion(), s.architecture(), s.name(),
                s.parameters(), s.contextLength(), s.layers(), s.quantMixBytes(), s.tokenizerModel(),
                s.tokenizerPre(), s.vocabularySize(), s.chatTemplate(), s.kvBytesPerToken(),
                s.kvBytesPerTokenMha(), java.util.List.of());
    }

    private void printText(PrintWriter out, ModelSummary s) {
        row(out, "file", s.file() + " (GGUF v" + s.ggufVersion() + ", " + bytes(s.fileBytes()) + ")");
        row(out, "architecture", s.architecture() == null ? "(none: vocab-only file)" : s.architecture());
        row(out, "name", s.name());
        row(out, "parameters", String.format("%,d (%.2f B)", s.parameters(), s.parameters() / 1e9));
        row(out, "context length", s.contextLength());
        row(out, "layers", s.layers());
        StringBuilder mix = new StringBuilder();
        for (Map.Entry<String, Long> e : s.quantMixBytes().entrySet()) {
            mix.append(mix.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(bytes(e.getValue()));
        }
        row(out, "quant mix", mix.isEmpty() ? "(no tensors)" : mix.toString());
        row(out, "tokenizer", s.tokenizerModel() == null ? null
                : s.tokenizerModel() + (s.tokenizerPre() == null ? "" : " / pre " + s.tokenizerPre())
                + (s.vocabularySize() == null ? "" : ", " + s.vocabularySize() + " tokens"));
        row(out, "kernels", Kernels.describe());
        row(out, "chat template", s.chatTemplate() ? "yes" : "no (built-in fallback)");
        if (s.kvBytesPerToken() != null) {
            String kv = ModelSummary.kvText(s.kvBytesPerToken(), null);
            if (!s.kvBytesPerToken().equals(s.kvBytesPerTokenMha())) {
                kv += String.format(", %.1fx smaller than plain multi-head caching (%s)",
                        (double) s.kvBytesPerTokenMha() / s.kvBytesPerToken(), bytes(s.kvBytesPerTokenMha()));
            }
            row(out, "KV cache", kv);
        }
        if (tensors && !s.tensors().isEmpty()) {
            out.println();
            out.printf("%-48s %-6s %-26s %s%n", "tensor", "type", "shape", "bytes");
            for (ModelSummary.TensorRow t : s.tensors()) {
                out.printf("%-48s %-6s %-26s %s%n", t.name(), t.type(), Arrays.toString(t.shape()), bytes(t.bytes()));
            }
        }
    }

    private static void row(PrintWriter out, String label, Object value) {
        if (value != null) {
            out.printf("%-15s %s%n", label + ":", value);
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.2f %s", v, units[u]);
    }
}
