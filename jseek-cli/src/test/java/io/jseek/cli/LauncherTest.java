package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jseek} launcher's first build on a machine whose Maven repository lacks the dependencies: the
 * offline attempt fails (as Maven does, with {@code [ERROR]} lines on stdout) and the online one runs. The real
 * launcher and JDK lookup, with a stand-in {@code mvnw} so nothing is downloaded.
 */
class LauncherTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theFailedOfflineBuildPrintsNothing(@TempDir Path root) throws IOException, InterruptedException {
        Files.copy(REPO.resolve("jseek"), root.resolve("jseek"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(REPO.resolve("bin/find-jdk.sh"), root.resolve("bin/find-jdk.sh"));
        Files.writeString(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                for a in "$@"; do
                  if [ "$a" = -o ]; then
                    echo "[ERROR] Failed to execute goal on project jseek-gguf: Cannot access central in offline mode"
                    exit 1
                  fi
                done
                mkdir -p "$(dirname "$0")/jseek-cli/target" && touch "$(dirname "$0")/jseek-cli/target/jseek.jar"
                """);
        for (String script : new String[] {"jseek", "mvnw"}) {
            Files.setPosixFilePermissions(root.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Process p = new ProcessBuilder(root.resolve("jseek").toString(), "--version").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertTrue(out.contains("jseek: building"), out);
        assertTrue(Files.exists(root.resolve("jseek-cli/target/jseek.jar")), "the online build ran: " + out);
        assertFalse(out.contains("[ERROR]"), out);
    }
}
