package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPullerTest {
    static final String REPO = "unsloth/Tiny-R1-GGUF";

    @TempDir
    Path home;

    FakeHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    ModelPuller puller(String token) {
        return new ModelPuller(new HubConfig(hub.endpoint(), home, token), DownloadProgress.NONE, Duration.ofMillis(10));
    }

    CachedModel pull(String name) throws IOException {
        try (ModelPuller p = puller(null)) {
            return p.pull(name);
        }
    }

    @Test
    void pullsTheQuantAndVerifiesIt() throws Exception {
        byte[] q4 = bytes(300_000, 1);
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", q4)
                .file(REPO, "Tiny-R1-Q8_0.gguf", bytes(500, 2))
                .file(REPO, "README.md", new byte[10]);
        CachedModel m = pull(REPO + ":q4_k_m");
        Path expected = home.resolve("models/unsloth/Tiny-R1-GGUF/Tiny-R1-Q4_K_M.gguf");
        assertEquals(List.of(expected), m.files());
        assertEquals("unsloth/Tiny-R1-GGUF:Q4_K_M", m.name());
        assertArrayEquals(q4, Files.readAllBytes(expected));
        assertFalse(Files.exists(Path.of(expected + ".part")));
        assertEquals(1, hub.requests("cdn").size(), "one CDN request for the file");
        assertTrue(hub.requests("hub").stream().anyMatch(r -> r.path().endsWith("/resolve/main/Tiny-R1-Q4_K_M.gguf")));
    }

    @Test
    void withoutQuantTakesQ4KMElseTheOnlyFile() throws Exception {
        hub.file(REPO, "Tiny-R1-Q8_0.gguf", bytes(100, 1)).file(REPO, "Tiny-R1-Q4_K_M.gguf", bytes(200, 2));
        hub.file("a/Only-GGUF", "only.Q6_K.gguf", bytes(50, 3));
        assertEquals("Q4_K_M", pull(REPO).quant());
        assertEquals("Q6_K", pull("a/Only-GGUF").quant());
    }

    @Test
    void missingQuantListsTheAvailableOnes() {
        hub.file(REPO, "Tiny-R1-Q8_0.gguf", bytes(100, 1)).file(REPO, "Tiny-R1-IQ2_XXS.gguf", bytes(200, 2));
        HubException e = assertThrows(HubException.class, () -> pull(REPO + ":Q5_K_M"));
        assertTrue(e.getMessage().contains("no Q5_K_M file in " + REPO), e.getMessage());
        assertTrue(e.getMessage().contains("IQ2_XXS (200 B)") && e.getMessage().contains("Q8_0 (100 B)"), e.getMessage());
        HubException ambiguous = assertThrows(HubException.class, () -> pull(REPO));
        assertTrue(ambiguous.getMessage().contains("several quants"), ambiguous.getMessage());
    }

    @Test
    void pullsAllPartsOfASplitModelInAQuantFolderAcrossListingPages() throws Exception {
        hub.pageSize = 2;
        byte[][] parts = {bytes(1000, 1), bytes(1000, 2), bytes(10, 3)};
        for (int i = 0; i < 3; i++) {
            hub.file("unsloth/Big-GGUF", "Q4_K_M/Big-Q4_K_M-0000" + (i + 1) + "-of-00003.gguf", parts[i]);
        }
        hub.file("unsloth/Big-GGUF", "Q2_K/Big-Q2_K-00001-of-00002.gguf", bytes(5, 4))
                .file("unsloth/Big-GGUF", "Q2_K/Big-Q2_K-00002-of-00002.gguf", bytes(5, 5));
        CachedModel m = pull("unsloth/Big-GGUF:Q4_K_M");
        assertEquals(3, m.files().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(parts[i], Files.readAllBytes(m.files().get(i)));
        }
        assertEquals("Big-Q4_K_M-00001-of-00003.gguf", m.path().getFileName().toString());
        assertTrue(hub.requests("hub").stream().filter(r -> r.path().endsWith("/tree/main")).count() >= 4,
                "the listing came in pages");
    }

    @Test
    void resumesAfterTheConnectionDropsMidFile() throws Exception {
        byte[] data = bytes(3_000_000, 7);
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", data).dropOnce(REPO, "Tiny-R1-Q4_K_M.gguf", 1_000_000);
        CachedModel m = pull(REPO);
        assertArrayEquals(data, Files.readAllBytes(m.path()));
        List<FakeHub.Request> cdn = hub.requests("cdn");
        assertEquals(2, cdn.size());
        assertNull(cdn.get(0).range());
        long resumedAt = Long.parseLong(cdn.get(1).range().replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(resumedAt > 0 && resumedAt <= 1_000_000, "resumed at " + resumedAt);
    }

    @Test
    void resumesAPartFileLeftByAnEarlierRun() throws Exception {
        byte[] data = bytes(200_000, 8);
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", data);
        Path target = home.resolve("models/unsloth/Tiny-R1-GGUF/Tiny-R1-Q4_K_M.gguf");
        Files.createDirectories(target.getParent());
        Files.write(Path.of(target + ".part"), Arrays.copyOf(data, 123_456));
        CachedModel m = pull(REPO);
        assertArrayEquals(data, Files.readAllBytes(m.path()));
        assertEquals(List.of("bytes=123456-"), hub.requests("cdn").stream().map(FakeHub.Request::range).toList());
    }

    @Test
    void startsOverWhenTheServerIgnoresRange() throws Exception {
        byte[] data = bytes(50_000, 9);
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", data);
        hub.ignoreRange = true;
        Path target = home.resolve("models/unsloth/Tiny-R1-GGUF/Tiny-R1-Q4_K_M.gguf");
        Files.createDirectories(target.getParent());
        Files.write(Path.of(target + ".part"), Arrays.copyOf(data, 20_000));
        assertArrayEquals(data, Files.readAllBytes(pull(REPO).path()));
    }

    @Test
    void checksumMismatchDeletesThePartFile() throws Exception {
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", bytes(10_000, 1))
                .publishSha(REPO, "Tiny-R1-Q4_K_M.gguf", "ab".repeat(32));
        HubException e = assertThrows(HubException.class, () -> pull(REPO));
        assertTrue(e.getMessage().startsWith("checksum mismatch for Tiny-R1-Q4_K_M.gguf"), e.getMessage());
        Path dir = home.resolve("models/unsloth/Tiny-R1-GGUF");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the file nor its part file is left");
        }
    }

    @Test
    void alreadyPulledFilesAreNotDownloadedAgain() throws Exception {
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", bytes(1000, 1));
        pull(REPO);
        pull(REPO);
        assertEquals(1, hub.requests("cdn").size());
    }

    @Test
    void gatedRepoNeedsTheToken() throws Exception {
        byte[] data = bytes(5000, 3);
        hub.file("meta/Gated-GGUF", "Gated-Q4_K_M.gguf", data).gate("meta/Gated-GGUF");
        HubException anonymous = assertThrows(HubException.class, () -> pull("meta/Gated-GGUF"));
        assertTrue(anonymous.getMessage().contains("gated repo: set HF_TOKEN"), anonymous.getMessage());
        try (ModelPuller wrong = puller("hf_wrong")) {
            HubException e = assertThrows(HubException.class, () -> wrong.pull("meta/Gated-GGUF"));
            assertTrue(e.getMessage().contains("no access to meta/Gated-GGUF with this HF_TOKEN"), e.getMessage());
        }
        try (ModelPuller p = puller(FakeHub.TOKEN)) {
            assertArrayEquals(data, Files.readAllBytes(p.pull("meta/Gated-GGUF").path()));
        }
        assertTrue(hub.requests("hub").stream().anyMatch(r -> ("Bearer " + FakeHub.TOKEN).equals(r.authorization())));
        assertTrue(hub.requests("cdn").stream().allMatch(r -> r.authorization() == null),
                "the token stays with the hub, not the CDN it redirects to");
    }

    @Test
    void unknownRepoSaysSo() {
        HubException e = assertThrows(HubException.class, () -> pull("nobody/Nothing-GGUF"));
        assertTrue(e.getMessage().startsWith("no such repo: nobody/Nothing-GGUF"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pull("not-a-known-short-name"));
    }

    @Test
    void pullsAUrlDirectly() throws Exception {
        byte[] data = bytes(4000, 4);
        hub.file("some/Repo", "x-Q8_0.gguf", data);
        URI url = URI.create(hub.cdnEndpoint() + "/cdn/some/Repo/x-Q8_0.gguf");
        try (ModelPuller p = puller(null)) {
            CachedModel m = p.pullUrl(url, null);
            assertEquals("url/127.0.0.1", m.repo());
            assertEquals("Q8_0", m.quant());
            assertArrayEquals(data, Files.readAllBytes(m.path()));
            Files.delete(m.path());
            HubException bad = assertThrows(HubException.class, () -> p.pullUrl(url, "00".repeat(32)));
            assertTrue(bad.getMessage().startsWith("checksum mismatch"), bad.getMessage());
            assertEquals(m.path(), p.pullUrl(url, FakeHub.sha256(data)).path());
        }
    }

    @Test
    void hubResolveUrlsKeepTheirRepoFolder() throws Exception {
        byte[] data = bytes(4000, 5);
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", data);
        CachedModel m = pull(hub.endpoint() + "/" + REPO + "/resolve/main/Tiny-R1-Q4_K_M.gguf");
        assertEquals(home.resolve("models/unsloth/Tiny-R1-GGUF/Tiny-R1-Q4_K_M.gguf"), m.path());
        assertArrayEquals(data, Files.readAllBytes(m.path()));
    }

    @Test
    void missingFileBehindAUrlIsAClearError() {
        hub.file(REPO, "Tiny-R1-Q4_K_M.gguf", new byte[1]);
        HubException e = assertThrows(HubException.class,
                () -> pull(hub.endpoint() + "/" + REPO + "/resolve/main/nope-Q4_K_M.gguf"));
        assertTrue(e.getMessage().startsWith("no such file: "), e.getMessage());
    }

    @Test
    void unreachableHubSaysSo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ModelPuller p = new ModelPuller(new HubConfig(URI.create("http://127.0.0.1:" + port), home, null),
                DownloadProgress.NONE)) {
            HubException e = assertThrows(HubException.class, () -> p.pull(REPO));
            assertTrue(e.getMessage().startsWith("cannot reach the hub at http://127.0.0.1:" + port + " to pull "
                    + REPO + " ("), e.getMessage());
            assertTrue(e.getMessage().contains("--model FILE") && e.getMessage().contains("HF_ENDPOINT")
                    && e.getMessage().contains("jseek gen-model"), e.getMessage());
        }
    }
}
