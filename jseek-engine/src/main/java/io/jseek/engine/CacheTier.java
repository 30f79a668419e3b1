package io.jseek.engine;

/**
 * A slower prefix-cache tier under the RAM blocks (the disk cache). The block manager only passes block ids and
 * hashes; an implementation moves the payload between the tier and the {@link KvBlockStore}, so the block manager
 * stays free of tensors.
 */
public interface CacheTier {
    /** No second tier. */
    CacheTier NONE = new CacheTier() {
        @Override
        public boolean load(long hash, long parentHash, int[] tokens, int block) {
            return false;
        }

        @Override
        public void store(long hash, long parentHash, int[] tokens, int block) {
        }
    };

    /**
     * Fills {@code block} with the KV stored under {@code hash}, after checking that the entry holds exactly this
     * parent hash and these token ids; false on a miss or an unusable entry (never throws for bad entries).
     */
    boolean load(long hash, long parentHash, int[] tokens, int block);

    /**
     * Called once when {@code block} is completed and registered under {@code hash}. The block may be reused as soon
     * as this returns, so an implementation that writes later must copy the payload first.
     */
    void store(long hash, long parentHash, int[] tokens, int block);
}
