package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuantSelectorTest {
    static RepoFile f(String path, long size) {
        return new RepoFile(path, size, null);
    }

    @Test
    void matchesTheTagCaseInsensitivelyAndIgnoresCompanions() throws HubException {
        List<RepoFile> files = List.of(f("m-Q4_K_M.gguf", 10), f("m-Q4_K_S.gguf", 9), f("mmproj-m-f16.gguf", 3),
                f("README.md", 1));
        QuantSelection s = QuantSelector.select("o/r", files, "q4_k_s");
        assertEquals("Q4_K_S", s.quant());
        assertEquals(List.of(files.get(1)), s.files());
        assertEquals("Q4_K_M", QuantSelector.select("o/r", files, null).quant());
        assertEquals(2, QuantSelector.sets(files).size());
    }

    @Test
    void unslothDynamicQuantsAreSetsOfTheirOwn() throws HubException {
        // file names as in unsloth/DeepSeek-R1-0528-Qwen3-8B-GGUF (deepseek-r1:8b-qwen3)
        String stem = "DeepSeek-R1-0528-Qwen3-8B-";
        List<RepoFile> files = List.of(f(stem + "UD-Q4_K_XL.gguf", 5), f(stem + "Q4_K_M.gguf", 4),
                f(stem + "Q4_K_S.gguf", 3), f(stem + "BF16.gguf", 16));
        QuantSelection s = QuantSelector.select("o/r", files, "Q4_K_M");
        assertEquals(List.of(files.get(1)), s.files());
        assertEquals(List.of(files.get(1)), QuantSelector.select("o/r", files, null).files());
    }

    @Test
    void splitSetsComeInPartOrderAndMustBeComplete() throws HubException {
        List<RepoFile> files = List.of(f("Q8_0/m-Q8_0-00002-of-00002.gguf", 5), f("Q8_0/m-Q8_0-00001-of-00002.gguf", 7),
                f("Q2_K/m-Q2_K-00001-of-00003.gguf", 1), f("Q2_K/m-Q2_K-00003-of-00003.gguf", 1));
        QuantSelection s = QuantSelector.select("o/r", files, "Q8_0");
        assertEquals(List.of(files.get(1), files.get(0)), s.files());
        assertEquals(12, s.size());
        HubException e = assertThrows(HubException.class, () -> QuantSelector.select("o/r", files, "Q2_K"));
        assertTrue(e.getMessage().startsWith("incomplete split set in o/r: 2 of 3 parts"), e.getMessage());
    }

    @Test
    void errorsListWhatTheRepoOffers() {
        List<RepoFile> files = List.of(f("m-Q8_0.gguf", 2_000_000_000L), f("Q3_K_M/m-Q3_K_M-00001-of-00002.gguf", 4),
                f("Q3_K_M/m-Q3_K_M-00002-of-00002.gguf", 4));
        HubException none = assertThrows(HubException.class, () -> QuantSelector.select("o/r", files, "Q4_K_M"));
        assertEquals("no Q4_K_M file in o/r; available: Q3_K_M (8 B, 2 parts), Q8_0 (2.00 GB)", none.getMessage());
        HubException ambiguous = assertThrows(HubException.class, () -> QuantSelector.select("o/r", files, null));
        assertTrue(ambiguous.getMessage().startsWith("o/r has several quants, name one as o/r:QUANT"));
        HubException empty = assertThrows(HubException.class,
                () -> QuantSelector.select("o/r", List.of(f("README.md", 1)), null));
        assertEquals("no GGUF files in o/r", empty.getMessage());
    }
}
