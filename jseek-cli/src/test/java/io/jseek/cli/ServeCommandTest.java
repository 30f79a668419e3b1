package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.engine.EngineSettings;
import io.jseek.server.ApiServer;
import io.jseek.server.DeferredBackend;
import io.jseek.server.ServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void flagsBecomeTheServerConfig() throws Exception {
        ServerConfig config = parse("--model", "/m/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf", "--host", "0.0.0.0",
                "--port", "9000", "--api-key", "k", "--alias", "r1", "--alias", "small", "--cors",
                "https://a.example,https://b.example").config();
        assertEquals("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M", config.modelId());
        assertEquals("0.0.0.0", config.host());
        assertEquals(9000, config.port());
        assertEquals("k", config.apiKey());
        assertEquals(List.of("r1", "small"), config.aliases());
        assertEquals(List.of("https://a.example", "https://b.example"), config.corsOrigins());
    }

    @Test
    void engineFlagsBecomeTheEngineSettings() {
        EngineSettings s = parse("--parallel", "8", "--ctx", "2048", "--queue", "32", "--cache-ram", "512",
                "--cache-dir", dir.toString(), "--threads", "3").settings();
        assertEquals(8, s.maxRunning());
        assertEquals(2048, s.contextLength());
        assertEquals(32, s.maxWaiting());
        assertEquals(512, s.cacheRamMb());
        assertEquals(dir, s.cacheDir());
        assertEquals(3, s.model().threads());
    }

    @Test
    void apiKeyFromFile() throws Exception {
        Path f = dir.resolve("key");
        Files.writeString(f, "sk-file\n");
        assertEquals("sk-file", parse("--api-key-file", f.toString()).config().apiKey());
        assertThrows(IllegalArgumentException.class,
                () -> parse("--api-key", "a", "--api-key-file", f.toString()).config());
        Files.writeString(f, "\n");
        assertThrows(IllegalArgumentException.class, () -> parse("--api-key-file", f.toString()).config());
    }

    @Test
    void badFlagValuesGetOneLineNamingTheFlag() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> parse("--api-key-file", dir.resolve("nope").toString()).config());
        assertEquals("--api-key-file " + dir.resolve("nope") + ": no such file", missing.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> parse("--port", "99999").config());
        assertEquals("--port 99999 is not a TCP port (0 to 65535; 0 picks a free one)", port.getMessage());
    }

    @Test
    void helpStatesTheContextTheServerUses() {
        RunCli help = RunCli.run("", "serve", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("(default: the model's, at most "
                + EngineSettings.DEFAULT_CONTEXT + ")"), help.out());
    }

    @Test
    void metricsKeyFlag() {
        assertEquals("mk", parse("--metrics-key", "mk").config().metricsKey());
        assertNull(parse("--api-key", "k").config().metricsKey());
    }

    /** A port in use is one jseek line, with nothing from Javalin ("Failed to start Javalin") or Jetty before it. */
    @Test
    void portInUseIsOneLine() throws Exception {
        Path model = Files.writeString(dir.resolve("m.gguf"), "");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LogRecorder logs = new LogRecorder()) {
            RunCli r = RunCli.run("", "serve", "--model", model.toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.exit());
            assertEquals("jseek: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use (pick another with --port)", r.err().strip());
            assertEquals(List.of(), logs.lines());
        }
    }

    /** Starting logs nothing (Jetty's and Javalin's start-up lines are INFO records): serve prints its own line. */
    @Test
    void startingIsQuiet() {
        try (LogRecorder logs = new LogRecorder();
             ApiServer server = ServeCommand.listen(parse("--port", "0").config(), new DeferredBackend())) {
            assertTrue(server.port() > 0);
            assertEquals(List.of(), logs.lines());
        }
    }

    /** Collects what reaches java.util.logging (INFO and up), where SLF4J sends Jetty's and Javalin's logs. */
    private static final class LogRecorder extends Handler implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger root = Logger.getLogger("");

        LogRecorder() {
            setLevel(Level.INFO);
            root.addHandler(this);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }

    @Test
    void defaultsAreLoopbackAnd8080() throws Exception {
        ServerConfig config = parse().config();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(null, config.apiKey());
    }
}
