package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @TempDir
    Path home;

    static void put(Path file, int size) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
    }

    @Test
    void emptyCacheSuggestsAPull() {
        RunCli r = RunCli.exec("list", "--home", home.toString());
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("try: jseek pull deepseek-r1:1.5b"), r.out());
    }

    @Test
    void splitAndUnfinishedModelsInJson() throws Exception {
        Path dir = home.resolve("models/unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF");
        put(dir.resolve("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"), 3);
        put(dir.resolve("Big-Q2_K-00001-of-00002.gguf"), 5);
        put(dir.resolve("Big-Q2_K-00002-of-00002.gguf.part"), 1);
        RunCli r = RunCli.exec("ls", "--json", "--home", home.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.size());
        assertEquals("unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q2_K", j.get(0).get("name").asText());
        assertEquals(6, j.get(0).get("size").asLong());
        assertEquals(false, j.get(0).get("complete").asBoolean());
        assertEquals("deepseek-r1:1.5b", j.get(1).get("shortName").asText());
        RunCli table = RunCli.exec("list", "--home", home.toString());
        assertTrue(table.out().contains("(2 parts) (incomplete: pull again to resume)"), table.out());
    }
}
