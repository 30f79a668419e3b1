package io.jseek.engine;

/**
 * Chained hashes of full token blocks: the hash of block {@code i} mixes the hash of block {@code i - 1} with the
 * block's token ids, so equal hashes stand for equal prefixes, not just equal blocks.
 *
 * <p>The function is fixed (no per-process seed) because the disk tier names files by it across restarts. 64 bits
 * make an accidental collision unlikely but not impossible, which is why every hit is verified against the stored
 * parent hash and token ids.
 */
public final class BlockHashes {
    /** The parent hash of block 0. */
    public static final long ROOT = 0x6A09E667F3BCC908L;

    private BlockHashes() {
    }

    /** The hash of the block {@code tokens[from .. from + count)} whose predecessor hashes to {@code parent}. */
    public static long chain(long parent, int[] tokens, int from, int count) {
        long h = fmix(parent ^ 0x9E3779B97F4A7C15L) + count;
        for (int i = from; i < from + count; i++) {
            h ^= (tokens[i] & 0xFFFFFFFFL) * 0xC2B2AE3D27D4EB4FL;
            h = Long.rotateLeft(h, 31) * 0x9E3779B185EBCA87L + 0x27D4EB2F165667C5L;
        }
        return fmix(h);
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
