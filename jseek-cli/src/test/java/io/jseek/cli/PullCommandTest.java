package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullCommandTest {
    @TempDir
    Path home;

    /**
     * Just enough of the hub for the command: the tree API, {@code resolve/main} redirecting elsewhere, plain
     * file bodies. Raw sockets, because jseek-cli's module does not read jdk.httpserver; the hub module's tests
     * cover resuming, checksums and gated repos against a fuller imitation.
     */
    static final class MiniHub implements AutoCloseable {
        final ServerSocket socket;
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final Map<String, String> redirects = new ConcurrentHashMap<>();

        MiniHub() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        String endpoint() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        void repo(String repo, String file, byte[] data) throws Exception {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            String tree = "[{\"type\":\"file\",\"oid\":\"1\",\"size\":" + data.length + ",\"path\":\"" + file
                    + "\",\"lfs\":{\"oid\":\"" + sha + "\",\"size\":" + data.length + ",\"pointerSize\":134}}]";
            bodies.put("/api/models/" + repo + "/tree/main", tree.getBytes(StandardCharsets.UTF_8));
            redirects.put("/" + repo + "/resolve/main/" + file, "/blobs/" + sha);
            bodies.put("/blobs/" + sha, data);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofVirtual().start(() -> answer(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String target = in.readLine().split(" ")[1].replaceAll("\\?.*", "");
                while (!in.readLine().isEmpty()) {
                    // The headers do not matter here.
                }
                byte[] body = bodies.getOrDefault(target, new byte[0]);
                String head = redirects.containsKey(target)
                        ? "HTTP/1.1 302 Found\r\nLocation: " + redirects.get(target) + "\r\n"
                        : bodies.containsKey(target) ? "HTTP/1.1 200 OK\r\n"
                        : "HTTP/1.1 401 Unauthorized\r\nX-Error-Code: RepoNotFound\r\n";
                OutputStream out = s.getOutputStream();
                out.write((head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
            } catch (IOException e) {
                // The client went away; nothing to answer.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void pullsListsAndRemovesAModel() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(1).nextBytes(data);
        try (MiniHub hub = new MiniHub()) {
            hub.repo("unsloth/Tiny-GGUF", "Tiny-Q4_K_M.gguf", data);
            RunCli pull = RunCli.exec("pull", "unsloth/Tiny-GGUF", "--endpoint", hub.endpoint(),
                    "--home", home.toString());
            assertEquals(0, pull.exit(), pull.err());
            Path file = home.resolve("models/unsloth/Tiny-GGUF/Tiny-Q4_K_M.gguf");
            assertEquals(file.toString(), pull.out().strip());
            assertArrayEquals(data, Files.readAllBytes(file));
            assertTrue(pull.err().startsWith("pulling Tiny-Q4_K_M.gguf (2.00 MB)\n"), pull.err());
            assertTrue(pull.err().contains("done Tiny-Q4_K_M.gguf: 2.00 MB in "), pull.err());

            RunCli again = RunCli.exec("pull", "unsloth/Tiny-GGUF:q4_k_m", "--endpoint",
                    hub.endpoint(), "--home", home.toString());
            assertEquals("already pulled Tiny-Q4_K_M.gguf (2.00 MB)\n", again.err());

            RunCli list = RunCli.exec("list", "--home", home.toString());
            assertTrue(list.out().matches("(?s)NAME +QUANT +SIZE +PATH\nunsloth/Tiny-GGUF:Q4_K_M +Q4_K_M +2\\.00 MB +"
                    + Pattern.quote(file.toString()) + "\n"), list.out());

            RunCli rm = RunCli.exec("rm", "unsloth/Tiny-GGUF", "--home", home.toString());
            assertEquals("deleted unsloth/Tiny-GGUF:Q4_K_M (2.00 MB, 1 file)\n", rm.out(), rm.err());
            assertTrue(Files.notExists(file));
        }
    }

    @Test
    void errorsAreOneClearLine() throws Exception {
        try (MiniHub hub = new MiniHub()) {
            hub.repo("o/Some-GGUF", "some-Q8_0.gguf", new byte[10]);
            RunCli quant = RunCli.exec("pull", "o/Some-GGUF:Q4_K_M", "-q", "--endpoint",
                    hub.endpoint(), "--home", home.toString());
            assertEquals(1, quant.exit());
            assertEquals("jseek: no Q4_K_M file in o/Some-GGUF; available: Q8_0 (10 B)\n", quant.err());
            RunCli repo = RunCli.exec("pull", "o/Missing-GGUF", "--endpoint", hub.endpoint(),
                    "--home", home.toString());
            assertEquals("jseek: no such repo: o/Missing-GGUF (if it is private, set HF_TOKEN)\n", repo.err());
            RunCli name = RunCli.exec("pull", "llama3", "--home", home.toString());
            assertTrue(name.err().startsWith("jseek: unknown model: llama3 (use owner/repo[:QUANT]"), name.err());
            RunCli sha = RunCli.exec("pull", "o/Some-GGUF", "--sha256", "00", "--home",
                    home.toString());
            assertTrue(sha.err().startsWith("jseek: --sha256 is for URLs"), sha.err());
        }
    }

    @Test
    void aFailedUrlPullLeavesNoEmptyPartFile() throws Exception {
        try (MiniHub hub = new MiniHub()) {
            RunCli r = RunCli.exec("pull", hub.endpoint() + "/files/model.bin", "--home",
                    home.toString());
            assertEquals(1, r.exit());
            Path part = home.resolve("models/url/127.0.0.1/model.bin.part");
            assertTrue(Files.notExists(part), "0-byte " + part + " left behind");
        }
    }

    @Test
    void anUnfinishedUrlPullIsListedAndRemovable() throws Exception {
        Path part = home.resolve("models/url/example.com/model.bin.part");
        ListCommandTest.put(part, 7);
        RunCli list = RunCli.exec("list", "--home", home.toString());
        assertTrue(list.out().contains("url/example.com:model.bin"), list.out());
        assertTrue(list.out().contains("incomplete"), list.out());
        RunCli rm = RunCli.exec("rm", "url/example.com:model.bin", "--home", home.toString());
        assertEquals(0, rm.exit(), rm.err());
        assertEquals("deleted url/example.com:model.bin (7 B, 1 file)\n", rm.out());
        assertTrue(Files.notExists(part));
    }
}
