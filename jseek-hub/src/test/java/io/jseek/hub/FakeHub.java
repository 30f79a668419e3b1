package io.jseek.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the Hugging Face hub and its CDN, on two local ports so that they are different origins.
 *
 * <p>The hub side serves the tree API (paged when {@link #pageSize} is set, with a {@code Link} header) and
 * {@code resolve/main/...} as a 302 to the CDN; gated repos want {@link #TOKEN}, and errors carry the hub's
 * {@code X-Error-Code} header. The CDN serves bytes with Range support and can misbehave on request: drop the
 * connection once partway through a file, or ignore Range headers.
 */
final class FakeHub implements AutoCloseable {
    static final String TOKEN = "hf_test_token";

    record Request(String server, String path, String range, String authorization) {
    }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<String, byte[]>> repos = new ConcurrentHashMap<>();
    private final Map<String, String> publishedSha = new ConcurrentHashMap<>();
    private final Map<String, Long> dropOnce = new ConcurrentHashMap<>();
    private final Set<String> gated = ConcurrentHashMap.newKeySet();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int pageSize = Integer.MAX_VALUE;
    volatile boolean ignoreRange;

    FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", e -> handle(e, "hub"));
        cdn.createContext("/", e -> handle(e, "cdn"));
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    URI cdnEndpoint() {
        return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort());
    }

    FakeHub file(String repo, String path, byte[] bytes) {
        repos.computeIfAbsent(repo, r -> new TreeMap<>()).put(path, bytes);
        return this;
    }

    FakeHub gate(String repo) {
        gated.add(repo);
        return this;
    }

    /** The tree API will publish this SHA-256 for the file instead of the real one. */
    FakeHub publishSha(String repo, String path, String sha256) {
        publishedSha.put(repo + "/" + path, sha256);
        return this;
    }

    /** The next CDN response for the file ends after {@code afterBytes} bytes with a dropped connection. */
    FakeHub dropOnce(String repo, String path, long afterBytes) {
        dropOnce.put("/cdn/" + repo + "/" + path, afterBytes);
        return this;
    }

    List<Request> requests(String server) {
        return requests.stream().filter(r -> r.server.equals(server)).toList();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void handle(HttpExchange e, String server) throws IOException {
        try (e) {
            String path = e.getRequestURI().getPath();
            requests.add(new Request(server, path, e.getRequestHeaders().getFirst("Range"),
                    e.getRequestHeaders().getFirst("Authorization")));
            if (server.equals("cdn")) {
                serveBytes(e, path);
            } else if (path.startsWith("/api/models/") && path.endsWith("/tree/main")) {
                tree(e, path.substring("/api/models/".length(), path.length() - "/tree/main".length()));
            } else if (path.contains("/resolve/main/")) {
                resolve(e, path);
            } else {
                error(e, 404, null);
            }
        } catch (Exception ex) {
            // A dropped connection is the point of some tests; anything else shows as a failed download.
        }
    }

    private boolean authorized(HttpExchange e, String repo) throws IOException {
        if (!repos.containsKey(repo)) {
            // Like the hub: anonymous callers cannot tell a missing repo from a private one.
            error(e, e.getRequestHeaders().containsKey("Authorization") ? 404 : 401, "RepoNotFound");
            return false;
        }
        if (gated.contains(repo)) {
            String auth = e.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                error(e, 401, "GatedRepo");
                return false;
            }
            if (!auth.equals("Bearer " + TOKEN)) {
                error(e, 403, "GatedRepo");
                return false;
            }
        }
        return true;
    }

    private void tree(HttpExchange e, String repo) throws Exception {
        if (!authorized(e, repo)) {
            return;
        }
        String query = e.getRequestURI().getQuery();
        if (query == null || !query.contains("recursive=true")) {
            error(e, 400, null);
            return;
        }
        int cursor = query.contains("cursor=") ? Integer.parseInt(query.replaceAll(".*cursor=(\\d+).*", "$1")) : 0;
        List<ObjectNode> entries = entries(repo);
        ArrayNode page = new ObjectMapper().createArrayNode();
        int end = (int) Math.min(entries.size(), (long) cursor + pageSize);
        page.addAll(entries.subList(cursor, end));
        if (end < entries.size()) {
            e.getResponseHeaders().add("Link", "<" + endpoint() + "/api/models/" + repo
                    + "/tree/main?recursive=true&cursor=" + end + ">; rel=\"next\"");
        }
        byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(200, body.length);
        e.getResponseBody().write(body);
    }

    private List<ObjectNode> entries(String repo) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<ObjectNode> entries = new ArrayList<>();
        Set<String> folders = new TreeSet<>();
        for (Map.Entry<String, byte[]> f : repos.get(repo).entrySet()) {
            if (f.getKey().contains("/")) {
                folders.add(f.getKey().substring(0, f.getKey().lastIndexOf('/')));
            }
            ObjectNode entry = json.createObjectNode().put("type", "file").put("oid", "0123abcd")
                    .put("size", f.getValue().length).put("path", f.getKey());
            if (f.getKey().endsWith(".gguf")) {
                String sha = publishedSha.getOrDefault(repo + "/" + f.getKey(), sha256(f.getValue()));
                entry.putObject("lfs").put("oid", sha).put("size", f.getValue().length).put("pointerSize", 134);
            }
            entries.add(entry);
        }
        for (String folder : folders) {
            entries.add(json.createObjectNode().put("type", "directory").put("oid", "feed").put("size", 0)
                    .put("path", folder));
        }
        return entries;
    }

    private void resolve(HttpExchange e, String path) throws IOException {
        String[] parts = path.split("/resolve/main/", 2);
        String repo = parts[0].substring(1);
        if (!authorized(e, repo)) {
            return;
        }
        if (!repos.get(repo).containsKey(parts[1])) {
            error(e, 404, "EntryNotFound");
            return;
        }
        e.getResponseHeaders().add("Location", cdnEndpoint() + "/cdn/" + repo + "/" + parts[1]);
        e.sendResponseHeaders(302, -1);
    }

    private void serveBytes(HttpExchange e, String path) throws IOException {
        String rest = path.substring("/cdn/".length());
        int slash = rest.indexOf('/', rest.indexOf('/') + 1);
        byte[] bytes = slash < 0 ? null
                : repos.getOrDefault(rest.substring(0, slash), Map.of()).get(rest.substring(slash + 1));
        if (bytes == null) {
            error(e, 404, null);
            return;
        }
        String range = e.getRequestHeaders().getFirst("Range");
        int start = range == null || ignoreRange ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
        if (start >= bytes.length && start > 0) {
            e.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
            e.sendResponseHeaders(416, -1);
            return;
        }
        if (start > 0) {
            e.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        e.sendResponseHeaders(start > 0 ? 206 : 200, bytes.length - start);
        OutputStream out = e.getResponseBody();
        Long drop = dropOnce.remove(path);
        if (drop != null) {
            out.write(bytes, start, (int) Math.min(drop, bytes.length - start));
            out.flush();
            throw new IOException("dropping the connection on purpose");
        }
        out.write(bytes, start, bytes.length - start);
    }

    private static void error(HttpExchange e, int status, String code) throws IOException {
        if (code != null) {
            e.getResponseHeaders().add("X-Error-Code", code);
        }
        byte[] body = ("{\"error\":\"" + (code == null ? "error" : code) + "\"}").getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(status, body.length);
        e.getResponseBody().write(body);
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }
}
