package io.jseek.cli;

import io.jseek.convert.CheckpointCache;
import io.jseek.hub.DownloadProgress;
import io.jseek.hub.HubConfig;
import io.jseek.hub.ModelResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code --model} names, as a GGUF file: a path, a short name or repository (pulled when missing), or a Hugging
 * Face checkpoint folder, converted once into {@code JSEEK_HOME/converted} ({@link CheckpointCache}).
 */
final class ModelFiles {
    private ModelFiles() {
    }

    static Path resolve(String model, DownloadProgress pulling, PrintWriter err) throws IOException {
        HubConfig config = HomeFlag.environment();
        if (model != null && CheckpointCache.isCheckpoint(Path.of(model))) {
            Path folder = Path.of(model);
            Path cache = config.home().resolve("converted");
            return CheckpointCache.gguf(folder, cache, ConvertCommand.progress(err), () -> {
                err.println("jseek: " + folder + " is a Hugging Face checkpoint: converting it to GGUF once (kept in "
                        + cache + "; jseek convert makes a file of your own)");
                err.flush();
            });
        }
        return new ModelResolver(config, pulling).resolve(model, true);
    }
}
