package io.jseek.cli;

import io.jseek.hub.CachedModel;
import io.jseek.hub.DownloadProgress;
import io.jseek.hub.HubConfig;
import io.jseek.hub.ModelPuller;
import io.jseek.hub.ProgressBar;
import java.io.Console;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jseek pull}: downloads a model into the cache and prints its path on stdout, so that scripts can use
 * {@code $(jseek pull ...)}; progress goes to stderr. {@code --home} ({@link HomeFlag})
 * and {@code --endpoint} override the environment's hub config.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a GGUF model from the Hugging Face hub, or from a URL, into the local cache.",
                "Resumes interrupted downloads and checks the SHA-256 the hub publishes.",
                "HF_TOKEN gives access to gated repos; HF_ENDPOINT and JSEEK_HOME change the hub and the cache."})
final class PullCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A short name (deepseek-r1:1.5b), owner/repo[:QUANT] "
            + "(unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M), or an https URL of a .gguf file.")
    String model;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of a file pulled by URL.")
    String sha256;

    @Mixin
    HomeFlag home = new HomeFlag();

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Hugging Face hub (default: $HF_ENDPOINT, else https://huggingface.co).")
    URI endpoint;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HubConfig config = home.config();
        if (endpoint != null) {
            config = config.withEndpoint(endpoint);
        }
        DownloadProgress progress = quiet ? DownloadProgress.NONE
                : new ProgressBar(spec.commandLine().getErr(), stderrIsTerminal());
        CachedModel pulled;
        try (ModelPuller puller = new ModelPuller(config, progress)) {
            if (sha256 != null) {
                if (!model.matches("(?i)https?://.*")) {
                    throw new IllegalArgumentException("--sha256 is for URLs; the hub publishes checksums itself");
                }
                pulled = puller.pullUrl(URI.create(model), sha256);
            } else {
                pulled = puller.pull(model);
            }
        }
        spec.commandLine().getOut().println(pulled.path());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The JDK cannot ask whether stderr alone is a terminal; a console on the process and a TERM that can move
     * the cursor is the usual approximation (progress bars in redirected logs fall back to plain lines).
     */
    static boolean stderrIsTerminal() {
        Console console = System.console();
        String term = System.getenv("TERM");
        return console != null && console.isTerminal() && term != null && !term.equals("dumb");
    }
}
