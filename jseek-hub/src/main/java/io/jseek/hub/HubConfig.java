package io.jseek.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where models come from and where they go: the hub endpoint, the jseek home folder and the access token.
 *
 * <p>The core classes never read the environment themselves; the command line builds a config once from
 * {@link #fromEnvironment(Map)}, and tests build one pointing at a local server and a temporary folder.
 *
 * @param endpoint the hub, e.g. {@code https://huggingface.co} (no trailing slash)
 * @param home     the jseek home folder; models live under {@code home/models/{owner}/{repo}/}
 * @param token    a Hugging Face access token for gated and private repos, or null
 */
public record HubConfig(URI endpoint, Path home, String token) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public HubConfig {
        String e = endpoint.toString();
        if (e.endsWith("/")) {
            endpoint = URI.create(e.substring(0, e.length() - 1));
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /** {@code HF_ENDPOINT}, {@code JSEEK_HOME} (default {@code ~/.jseek}) and {@code HF_TOKEN} from {@code env}. */
    public static HubConfig fromEnvironment(Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT);
        String home = env.get("JSEEK_HOME");
        Path homeDir = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".jseek")
                : Path.of(home);
        return new HubConfig(URI.create(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint), homeDir,
                env.get("HF_TOKEN"));
    }

    public HubConfig withHome(Path newHome) {
        return new HubConfig(endpoint, newHome, token);
    }

    public HubConfig withEndpoint(URI newEndpoint) {
        return new HubConfig(newEndpoint, home, token);
    }

    /** The folder holding the pulled models. */
    public Path modelsDir() {
        return home.resolve("models");
    }

    @Override
    public String toString() {
        // Never print the token.
        return "HubConfig[endpoint=" + endpoint + ", home=" + home
                + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
