package io.jseek.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two hub endpoints jseek needs: the file listing of a repo and the download URL of a file.
 *
 * <p>The listing uses the tree API ({@code /api/models/{repo}/tree/main?recursive=true}) rather than the model
 * info's {@code siblings}, because only the tree gives every file's size and, for LFS files, the SHA-256 that
 * downloads are checked against. Big repos come in pages linked by a {@code Link: <...>; rel="next"} header.
 */
public final class HubClient {
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 1000;

    private final URI endpoint;
    private final HubHttp http;
    private final ObjectMapper json = new ObjectMapper();

    HubClient(URI endpoint, HubHttp http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    /** All files of the repo's main branch, folders excluded. */
    public List<RepoFile> listFiles(String repo) throws IOException {
        List<RepoFile> files = new ArrayList<>();
        URI page = URI.create(endpoint + "/api/models/" + repo + "/tree/main?recursive=true");
        for (int n = 0; page != null; n++) {
            if (n == MAX_PAGES) {
                throw new HubException("the file listing of " + repo + " does not end");
            }
            HttpResponse<InputStream> response = get(page, repo);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw HubErrors.of(response.statusCode(), response.headers(), repo, http.hasToken());
                }
                parsePage(json.readTree(body), files, repo);
            }
            page = nextPage(page, response.headers().allValues("Link"));
        }
        return files;
    }

    private HttpResponse<InputStream> get(URI page, String repo) throws IOException {
        try {
            return http.get(page, null);
        } catch (HubException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // The JDK's connect errors often carry no message at all.
            HubException unreachable = new HubException("cannot reach the hub at " + endpoint + " to pull " + repo
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); offline,"
                    + " run a local GGUF with --model FILE, set HF_ENDPOINT to a hub mirror you can reach, or make"
                    + " a test model with jseek gen-model");
            unreachable.initCause(e);
            throw unreachable;
        }
    }

    /** Where the hub serves a file of the main branch (it redirects to its CDN). */
    public URI fileUri(String repo, String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            encoded.append(encoded.isEmpty() ? "" : "/")
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(endpoint + "/" + repo + "/resolve/main/" + encoded);
    }

    private static void parsePage(JsonNode page, List<RepoFile> files, String repo) throws HubException {
        if (!page.isArray()) {
            throw new HubException("unexpected file listing from the hub for " + repo);
        }
        for (JsonNode entry : page) {
            if (!"file".equals(entry.path("type").asText())) {
                continue;
            }
            JsonNode lfs = entry.path("lfs");
            String sha = lfs.path("oid").asText(null);
            long size = lfs.has("size") ? lfs.path("size").asLong() : entry.path("size").asLong();
            files.add(new RepoFile(entry.path("path").asText(), size,
                    sha == null ? null : sha.toLowerCase(Locale.ROOT)));
        }
    }

    private static URI nextPage(URI current, List<String> linkHeaders) {
        for (String link : linkHeaders) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return current.resolve(m.group(1));
            }
        }
        return null;
    }
}
