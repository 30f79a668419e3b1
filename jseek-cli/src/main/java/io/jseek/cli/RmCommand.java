package io.jseek.cli;

import io.jseek.hub.CachedModel;
import io.jseek.hub.ModelCache;
import io.jseek.hub.ModelRef;
import io.jseek.hub.ModelRegistry;
import io.jseek.hub.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jseek rm}: deletes pulled models with all their split parts and unfinished downloads. Every name is
 * checked before anything is deleted, so a typo in the second name does not leave the first half-done.
 */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Delete pulled models (all parts of a split model, and unfinished downloads).")
final class RmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "1..*",
            description = "A name from jseek list (owner/repo:QUANT), a short name (deepseek-r1:1.5b), or owner/repo "
                    + "when a single quant of it is pulled.")
    List<String> names;

    @Mixin
    HomeFlag home = new HomeFlag();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelCache cache = home.cache();
        List<CachedModel> doomed = new ArrayList<>();
        for (String name : names) {
            doomed.add(find(cache, name));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (CachedModel m : doomed) {
            int files = cache.remove(m).size();
            out.println("deleted " + m.name() + " (" + Units.bytes(m.size()) + ", " + files
                    + (files == 1 ? " file)" : " files)"));
        }
        out.flush();
        return 0;
    }

    private static CachedModel find(ModelCache cache, String name) throws Exception {
        ModelRef ref = ModelRegistry.toRef(name);
        List<CachedModel> matching = cache.matching(ref);
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("not pulled: " + name + " (see jseek list)");
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException("several quants of " + ref.repo() + " are pulled, name one: "
                    + String.join(", ", matching.stream().map(CachedModel::name).toList()));
        }
        return matching.getFirst();
    }
}
