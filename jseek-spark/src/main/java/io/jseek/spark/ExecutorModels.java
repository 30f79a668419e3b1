package io.jseek.spark;

import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM (a Spark executor, or the driver in local mode): each is loaded on first use and then
 * shared by every task that runs here, memory-mapped once; they live until the JVM exits. A load that fails is not
 * kept, so the task's retry tries again.
 */
final class ExecutorModels {
    private record Key(String model, int threads, int contextLength) {
    }

    private static final Map<Key, JseekModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** The model {@code settings} name, loaded here once. */
    static JseekModel get(CompletionSettings settings) {
        Key key = new Key(settings.model(), settings.threads(), settings.contextLength());
        return MODELS.computeIfAbsent(key, k -> load(k));
    }

    private static JseekModel load(Key k) {
        try {
            JseekModel m = JseekModel.load(k.model(), new LoadOptions(k.threads(), k.contextLength(), false));
            LOADS.computeIfAbsent(k.model(), x -> new AtomicInteger()).incrementAndGet();
            return m;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("jseek cannot load the model " + k.model() + " on this executor: "
                    + e.getMessage(), e);
        }
    }

    /** How many times {@code model} was loaded in this JVM (whatever the threads and context). */
    static int loads(String model) {
        AtomicInteger n = LOADS.get(model);
        return n == null ? 0 : n.get();
    }
}
