package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every flag of every command is in the README, so the README cannot fall behind the code. */
class ReadmeFlagsTest {
    private static final Set<String> STANDARD = Set.of("-h", "--help", "-V", "--version");

    @Test
    void everyFlagIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : JseekCli.commandLine().getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.negatable() ? new String[] {o.longestName().replace("--", "--no-")}
                        : o.names()) {
                    if (name.startsWith("--") && !STANDARD.contains(name) && !readme.contains("`" + name)
                            && !readme.contains(" " + name + " ") && !readme.contains("[" + name)
                            && !readme.contains("|" + name)) {
                        missing.add(sub.getCommandName() + " " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), missing.stream().distinct().toList());
    }
}
