package io.jseek.engine;

import io.jseek.model.ModelOptions;
import io.jseek.model.Models;
import io.jseek.model.PagedModel;
import java.nio.file.Path;

/**
 * The child JVM of {@link FreshJvmReproducibilityTest}: {@code GreedyProbe THREADS MODEL...} prints, per model, the
 * exact bits of a greedy generation alone ({@link io.jseek.model.fixtures.SingleSequence}) and through the engine.
 */
public final class GreedyProbe {
    static final int TOKENS = 16;

    private GreedyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int[] prompt = GreedyRuns.prompt(15, 9);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            try (PagedModel m = (PagedModel) Models.load(file, ModelOptions.defaults().withThreads(threads))) {
                String name = file.getFileName().toString();
                System.out.println(name + " forward " + GreedyRuns.bits(GreedyRuns.alone(m, prompt, TOKENS)));
                System.out.println(name + " engine " + GreedyRuns.bits(
                        GreedyRuns.engine(m, new int[][] {prompt}, TOKENS).getFirst()));
            }
        }
    }
}
