package io.jseek.cli;

import io.jseek.hub.HubConfig;
import io.jseek.hub.ModelCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --home DIR}: the jseek home folder, one spelling for pull, list and rm (a picocli mixin). The environment is
 * read here, once, and handed to the hub module as a {@link HubConfig}.
 */
final class HomeFlag {
    @Option(names = "--home", paramLabel = "DIR",
            description = "jseek home folder (default: $JSEEK_HOME, else ~/.jseek).")
    Path home;

    /** The environment's config, with the home folder overridden when {@code --home} is given. */
    HubConfig config() {
        return home == null ? environment() : environment().withHome(home);
    }

    /** The config the environment gives ({@code JSEEK_HOME}, {@code HF_ENDPOINT}, {@code HF_TOKEN}). */
    static HubConfig environment() {
        return HubConfig.fromEnvironment(System.getenv());
    }

    /** The cache of pulled models under that home. */
    ModelCache cache() {
        return new ModelCache(config().modelsDir());
    }
}
