package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.server.ServerConfig;
import io.jseek.server.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(3, s.threads());
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
    void defaultsAreLoopbackAnd8080() throws Exception {
        ServerConfig config = parse().config();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(null, config.apiKey());
    }
}
