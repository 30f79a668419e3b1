package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    @TempDir
    Path models;

    Path put(String relative, int size) throws IOException {
        Path p = models.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
        return p;
    }

    @Test
    void listsModelsGroupingSplitPartsAndPartialDownloads() throws IOException {
        Path single = put("unsloth/Small-GGUF/Small-Q4_K_M.gguf", 100);
        Path part1 = put("unsloth/Big-GGUF/Big-Q2_K-00001-of-00002.gguf", 10);
        Path part2 = put("unsloth/Big-GGUF/Big-Q2_K-00002-of-00002.gguf.part", 5);
        put("unsloth/Big-GGUF/notes.txt", 1);
        List<CachedModel> list = new ModelCache(models).list();
        assertEquals(List.of("unsloth/Big-GGUF:Q2_K", "unsloth/Small-GGUF:Q4_K_M"),
                list.stream().map(CachedModel::name).toList());
        CachedModel big = list.getFirst();
        assertEquals(List.of(part1), big.files());
        assertEquals(List.of(part2), big.partials());
        assertEquals(15, big.size());
        assertFalse(big.complete());
        assertEquals(single, list.get(1).path());
        assertTrue(list.get(1).complete());
    }

    @Test
    void findPrefersTheNamedQuantThenTheOnlyOneThenQ4KM() throws IOException {
        ModelCache cache = new ModelCache(models);
        put("o/r/m-Q8_0.gguf", 1);
        assertEquals("Q8_0", cache.find(ModelRef.parse("o/r")).orElseThrow().quant());
        put("o/r/m-Q6_K.gguf", 1);
        assertThrows(HubException.class, () -> cache.find(ModelRef.parse("o/r")));
        put("o/r/m-Q4_K_M.gguf", 1);
        assertEquals("Q4_K_M", cache.find(ModelRef.parse("o/r")).orElseThrow().quant());
        assertEquals("Q6_K", cache.find(ModelRef.parse("O/R:q6_k")).orElseThrow().quant());
        assertTrue(cache.find(ModelRef.parse("o/r:Q2_K")).isEmpty());
        put("o/r/m-Q2_K.gguf.part", 1);
        assertTrue(cache.find(ModelRef.parse("o/r:Q2_K")).isEmpty(), "an unfinished download is not found");
    }

    @Test
    void removeDeletesAllPartsAndEmptyFolders() throws IOException {
        ModelCache cache = new ModelCache(models);
        put("o/r/m-Q2_K-00001-of-00002.gguf", 1);
        put("o/r/m-Q2_K-00002-of-00002.gguf", 1);
        Path other = put("o/s/x-Q8_0.gguf", 1);
        CachedModel m = cache.matching(ModelRef.parse("o/r:Q2_K")).getFirst();
        assertEquals(2, cache.remove(m).size());
        assertFalse(Files.exists(models.resolve("o/r")));
        assertTrue(Files.exists(other));
        cache.remove(cache.matching(ModelRef.parse("o/s")).getFirst());
        assertFalse(Files.exists(models.resolve("o")));
        assertEquals(List.of(), cache.list());
    }

    @Test
    void urlFilesGoUnderTheirHostOrTheirHubRepo() {
        ModelCache cache = new ModelCache(models);
        assertEquals(models.resolve("url/example.com/x.gguf"), cache.fileFor(URI.create("https://example.com/a/b/x.gguf")));
        assertEquals(models.resolve("o/r/m-Q4_K_M-00001-of-00002.gguf"),
                cache.fileFor(URI.create("https://huggingface.co/o/r/resolve/main/Q4_K_M/m-Q4_K_M-00001-of-00002.gguf")));
        assertThrows(IllegalArgumentException.class, () -> cache.fileFor(URI.create("https://example.com/")));
        assertThrows(IllegalArgumentException.class, () -> cache.fileFor("../etc", "x.gguf"));
    }
}
