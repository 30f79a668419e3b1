package io.jseek.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jseek.hub.CachedModel;
import io.jseek.hub.ModelCache;
import io.jseek.hub.ModelRegistry;
import io.jseek.hub.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jseek list}: the pulled models, read from the cache folder (no network). */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List the pulled models: name, quant, size and path.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    HomeFlag home = new HomeFlag();

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelCache cache = home.cache();
        List<CachedModel> models = cache.list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(models.stream().map(ListCommand::asJson).toList()));
        } else if (models.isEmpty()) {
            out.println("no models in " + cache.modelsDir() + "; try: jseek pull " + ModelRegistry.DEFAULT_MODEL);
        } else {
            printTable(out, models);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, List<CachedModel> models) {
        int width = Math.max(4, models.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        String format = "%-" + width + "s  %-10s  %9s  %s%n";
        out.printf(format, "NAME", "QUANT", "SIZE", "PATH");
        for (CachedModel m : models) {
            String path = m.path() + (m.parts() > 1 ? " (" + m.parts() + " parts)" : "")
                    + (m.complete() ? "" : " (incomplete: pull again to resume)");
            out.printf(format, m.name(), m.quant(), Units.bytes(m.size()), path);
        }
    }

    private static Map<String, Object> asJson(CachedModel m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", m.name());
        ModelRegistry.shortNameOf(m.repo(), m.quant()).ifPresent(s -> j.put("shortName", s));
        j.put("repo", m.repo());
        j.put("quant", m.quant());
        j.put("size", m.size());
        j.put("complete", m.complete());
        j.put("path", m.path().toString());
        j.put("files", m.files().stream().map(Path::toString).toList());
        return j;
    }
}
