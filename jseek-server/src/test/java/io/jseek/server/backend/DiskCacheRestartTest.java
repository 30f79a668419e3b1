package io.jseek.server.backend;

import io.jseek.engine.EngineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.testing.ScriptedModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cache-dir}: KV blocks written by one server process are prompt-cache hits for the next one started on the
 * same model and directory (the directory is keyed by the model fingerprint), and the answer is unchanged.
 */
@Timeout(120)
class DiskCacheRestartTest {
    @Test
    void aRestartedServerHitsTheDiskCache(@TempDir Path dir) throws Exception {
        Path model = ScriptedModel.write(dir.resolve("scripted.gguf"));
        Path cache = dir.resolve("kv");
        String body = "{\"model\":\"" + EngineServer.MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":\""
                + "You answer questions about the weather, politely and briefly. ".repeat(4)
                + "\"},{\"role\":\"user\",\"content\":\"Hi\"}]}";
        EngineSettings settings = EngineSettings.of(2, 4, 16, 1024, 0, cache);
        try (EngineServer first = new EngineServer(model, settings)) {
            JsonNode usage = answer(first.post("/chat/completions", body)).path("usage");
            assertEquals(0, usage.path("prompt_cache_hit_tokens").asInt(), usage.toString());
        }
        try (EngineServer second = new EngineServer(model, settings)) {
            JsonNode r = answer(second.post("/chat/completions", body));
            int hit = r.path("usage").path("prompt_cache_hit_tokens").asInt();
            assertTrue(hit >= EngineSettings.DEFAULT_BLOCK_SIZE, r.path("usage").toString());
            assertEquals(ScriptedModel.ANSWER, r.path("choices").get(0).path("message").path("content").asText());
        }
    }

    private static JsonNode answer(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return EngineServer.json(r.body());
    }
}
