package io.jseek.server.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jseek.api.testing.ScriptedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package ({@code tools/clients/openai/check.mjs}: models, chat, streaming with
 * {@code reasoning_content}, usage, tool calls and a follow-up turn, error mapping) against the engine-backed
 * server on the {@link ScriptedModel}. Needs {@code node} and {@code npm ci} run in that directory: without them
 * the test is skipped, unless {@code JSEEK_REQUIRE_NODE=1} (set by CI), where it fails.
 */
@Timeout(180)
class OpenAiNodeClientTest {
    private static final Path CLIENT = Path.of("..", "tools", "clients", "openai");

    @Test
    void openaiNpmClientPassesItsChecks(@TempDir Path dir) throws Exception {
        requireNode();
        try (EngineServer server = EngineServer.scripted(ScriptedModel.write(dir.resolve("scripted.gguf")))) {
            Path log = dir.resolve("node.log");
            ProcessBuilder pb = new ProcessBuilder("node", "check.mjs").directory(CLIENT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JSEEK_URL", server.baseUrl() + "/v1");
            pb.environment().put("JSEEK_MODEL", "deepseek-reasoner");
            Process p = pb.start();
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("check.mjs did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("all checks passed"), output);
            assertTrue(output.contains(ScriptedModel.ANSWER), output);
        }
    }

    private static void requireNode() {
        boolean required = "1".equals(System.getenv("JSEEK_REQUIRE_NODE"));
        String missing = null;
        if (!Files.isDirectory(CLIENT.resolve("node_modules").resolve("openai"))) {
            missing = CLIENT.resolve("node_modules") + " is missing (run npm ci there)";
        } else if (!nodeRuns()) {
            missing = "node is not on PATH";
        }
        if (missing != null && required) {
            fail(missing + ", and JSEEK_REQUIRE_NODE=1 requires the openai npm client check");
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
