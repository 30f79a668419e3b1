package io.jseek.model;

import io.jseek.gguf.GgufFile;

/**
 * What every {@link PagedModel} holds alike: its GGUF file (closed with the model when it owns it), its options, its
 * compute pool, and the checks in front of a forward step (the state is its own, the batch fits the state, the
 * vocabulary and the KV rows are the model's).
 *
 * @param <S> the batch state the model creates
 */
public abstract class PagedModelBase<S extends BatchState> implements PagedModel {
    private final GgufFile file;
    private final boolean ownsFile;
    private final Class<S> stateType;
    protected final ModelOptions options;
    protected final ComputePool pool;

    protected PagedModelBase(GgufFile file, boolean ownsFile, ModelOptions options, Class<S> stateType) {
        this.file = file;
        this.ownsFile = ownsFile;
        this.options = options;
        this.stateType = stateType;
        this.pool = new ComputePool(options.threads());
    }

    /** The checked step: {@code batch} over {@code kv} with this model's own {@code state}. */
    protected abstract void step(S state, Batch batch, KvPages kv);

    @Override
    public final void forward(BatchState state, Batch batch, KvPages kv) {
        if (!stateType.isInstance(state)) {
            throw new IllegalArgumentException("batch state was not created by this model");
        }
        if (batch.rows() > state.maxTokens()) {
            throw new IllegalArgumentException(batch.rows() + " rows exceed the batch state's " + state.maxTokens());
        }
        ModelConfig c = config();
        if (batch.vocabSize() != c.vocabSize()) {
            throw new IllegalArgumentException("batch logits of " + batch.vocabSize() + " for a vocabulary of "
                    + c.vocabSize());
        }
        if (kv.type() != kvCacheType()) {
            throw new IllegalArgumentException("the KV pages hold " + kv.type().flagValue()
                    + " values; this model was loaded with --cache-type " + kvCacheType().flagValue());
        }
        for (int l = 0; l < c.blockCount(); l++) {
            if (kv.width(l) != kvWidth(l)) {
                throw new IllegalArgumentException("KV rows of layer " + l + " hold " + kv.width(l)
                        + " floats; the model needs " + kvWidth(l));
            }
        }
        step(stateType.cast(state), batch, kv);
    }

    @Override
    public final GgufFile gguf() {
        return file;
    }

    @Override
    public final KvCacheType kvCacheType() {
        return options.cacheType();
    }

    @Override
    public void close() {
        pool.close();
        if (ownsFile) {
            file.close();
        }
    }
}
