package io.jseek.model;

/** Argument checks shared by the {@link PagedModel} implementations. */
public final class PagedModels {
    private PagedModels() {
    }

    /** Fails unless {@code batch} has the model's vocabulary and {@code kv} its row widths. */
    public static void check(PagedModel model, Batch batch, KvPages kv) {
        ModelConfig c = model.config();
        if (batch.vocabSize() != c.vocabSize()) {
            throw new IllegalArgumentException("batch logits of " + batch.vocabSize() + " for a vocabulary of "
                    + c.vocabSize());
        }
        for (int l = 0; l < c.blockCount(); l++) {
            if (kv.width(l) != model.kvWidth(l)) {
                throw new IllegalArgumentException("KV rows of layer " + l + " hold " + kv.width(l)
                        + " floats; the model needs " + model.kvWidth(l));
            }
        }
    }
}
