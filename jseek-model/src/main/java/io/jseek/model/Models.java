package io.jseek.model;

import io.jseek.gguf.GgufFile;
import io.jseek.model.deepseek2.Deepseek2;
import io.jseek.model.llama.Llama;
import io.jseek.model.llama.Qwen2;
import io.jseek.model.llama.Qwen3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entry point: opens a GGUF file and builds the model of its {@code general.architecture}.
 *
 * <p>Each architecture registers a {@link Loader}; an architecture that is not registered fails with one message
 * that names it and lists the supported ones.
 */
public final class Models {

    /** Builds a model of one architecture from an open file. */
    @FunctionalInterface
    public interface Loader {
        Model load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException;
    }

    private static final Map<String, Loader> LOADERS = new LinkedHashMap<>();

    static {
        LOADERS.put("llama", Llama::load);
        LOADERS.put("qwen2", Qwen2::load);
        LOADERS.put("qwen3", Qwen3::load);
        LOADERS.put("deepseek2", Deepseek2::load);
    }

    private Models() {
    }

    /** The architectures jseek can run, in registration order. */
    public static Set<String> supportedArchitectures() {
        return Collections.unmodifiableSet(LOADERS.keySet());
    }

    /** Opens {@code path} and loads its model; closing the model unmaps the file. */
    public static Model load(Path path, ModelOptions options) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            return load(file, options, true);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Loads the model of an already open file; the caller keeps ownership of {@code file}. */
    public static Model load(GgufFile file, ModelOptions options) throws IOException {
        return load(file, options, false);
    }

    private static Model load(GgufFile file, ModelOptions options, boolean ownsFile) throws IOException {
        String arch = file.findString("general.architecture").orElseThrow(() -> new ModelLoadException(
                file.path() + ": general.architecture is missing; supported architectures: "
                        + String.join(", ", LOADERS.keySet())));
        Loader loader = LOADERS.get(arch);
        if (loader == null) {
            throw new ModelLoadException(file.path() + ": architecture '" + arch
                    + "' is not supported; supported architectures: " + String.join(", ", LOADERS.keySet()));
        }
        if (options.lockMemory()) {
            file.lockInMemory();
        }
        return loader.load(file, options, ownsFile);
    }
}
