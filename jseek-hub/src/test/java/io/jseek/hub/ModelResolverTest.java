package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
    @TempDir
    Path home;

    /** A hub nobody listens on: any attempt to use the network fails. */
    HubConfig offline() {
        return new HubConfig(URI.create("http://127.0.0.1:9"), home, null);
    }

    @Test
    void anExistingPathWins() throws Exception {
        Path file = Files.write(home.resolve("my.gguf"), new byte[1]);
        assertEquals(file, new ModelResolver(offline(), DownloadProgress.NONE).resolve(file.toString(), false));
    }

    @Test
    void pulledNamesResolveOffline() throws Exception {
        Path pulled = home.resolve("models/unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF")
                .resolve("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf");
        Files.createDirectories(pulled.getParent());
        Files.write(pulled, new byte[1]);
        ModelResolver resolver = new ModelResolver(offline(), DownloadProgress.NONE);
        assertEquals(pulled, resolver.resolve("deepseek-r1:1.5b", false));
        assertEquals(pulled, resolver.resolve(null, true), "the default model");
        assertEquals(pulled, resolver.resolve("unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", true));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> resolver.resolve("deepseek-r1:7b", false));
        assertTrue(e.getMessage().contains("run jseek pull deepseek-r1:7b"), e.getMessage());
    }

    @Test
    void missingNamesArePulled() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            byte[] data = ModelPullerTest.bytes(1000, 1);
            hub.file("o/r", "m-Q4_K_M.gguf", data);
            ModelResolver resolver = new ModelResolver(new HubConfig(hub.endpoint(), home, null), DownloadProgress.NONE);
            Path p = resolver.resolve("o/r:Q4_K_M", true);
            assertArrayEquals(data, Files.readAllBytes(p));
            URI url = URI.create(hub.cdnEndpoint() + "/cdn/o/r/m-Q4_K_M.gguf");
            assertThrows(NoSuchFileException.class, () -> resolver.resolve(url.toString(), false));
            assertEquals(home.resolve("models/url/127.0.0.1/m-Q4_K_M.gguf"), resolver.resolve(url.toString(), true));
        }
    }

    @Test
    void environmentConfiguresTheHub() {
        HubConfig c = HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", "https://mirror.example/", "JSEEK_HOME", "/tmp/j",
                "HF_TOKEN", "hf_x"));
        assertEquals(URI.create("https://mirror.example"), c.endpoint());
        assertEquals(Path.of("/tmp/j/models"), c.modelsDir());
        assertEquals("hf_x", c.token());
        assertTrue(c.toString().contains("token=set") && !c.toString().contains("hf_x"));
        HubConfig d = HubConfig.fromEnvironment(Map.of());
        assertEquals(URI.create(HubConfig.DEFAULT_ENDPOINT), d.endpoint());
        assertEquals(Path.of(System.getProperty("user.home"), ".jseek"), d.home());
        assertEquals(null, d.token());
    }
}
