package io.jseek.model.ops;

import io.jseek.model.Batch;
import io.jseek.model.ComputePool;
import io.jseek.model.KvPages;

/**
 * The scheduling the batched attentions share (GQA and MLA): one dispatch per layer of job indices over the compute
 * pool. A job index is claimed by one thread at a time, so a job owns the scratch of its index; the step's batch,
 * cache, layer, queries and outputs are held only while the dispatch runs.
 */
public abstract class AttentionJobs implements ComputePool.RangeTask {
    protected Batch batch;
    protected KvPages kv;
    protected int layer;
    protected float[] q;
    protected float[] out;

    /** Runs {@link #job} for every index below {@code jobs} over {@code pool}, with these as the step's arguments. */
    protected final void dispatch(ComputePool pool, int jobs, Batch batch, KvPages kv, int layer, float[] q,
                                  float[] out) {
        this.batch = batch;
        this.kv = kv;
        this.layer = layer;
        this.q = q;
        this.out = out;
        try {
            pool.forRange(jobs, 1, this);
        } finally {
            this.batch = null;
            this.kv = null;
            this.q = null;
            this.out = null;
        }
    }

    @Override
    public final void run(int fromJob, int toJob) {
        for (int job = fromJob; job < toJob; job++) {
            job(job);
        }
    }

    /** The work of job {@code job}. */
    protected abstract void job(int job);
}
