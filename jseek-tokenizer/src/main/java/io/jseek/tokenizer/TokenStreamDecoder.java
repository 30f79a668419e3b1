package io.jseek.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental detokenizer for generated tokens. A character may span several tokens (byte-level BPE splits UTF-8
 * sequences of CJK text and emoji), so the bytes of an incomplete trailing UTF-8 sequence are held back until the
 * tokens completing it arrive; everything before them is returned at once. Concatenating every {@link #accept}
 * result and the final {@link #finish} equals {@link Tokenizer#decode(int[], boolean)} of the whole sequence.
 *
 * <p>Mutable and not thread-safe: use one per generation stream.
 */
public final class TokenStreamDecoder {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private byte[] pending = new byte[16];
    private int pendingLength;

    TokenStreamDecoder(Tokenizer tokenizer, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.renderSpecial = renderSpecial;
    }

    /** Adds one token and returns the text that became complete (possibly empty). */
    public String accept(int tokenId) {
        byte[] piece = tokenizer.piece(tokenId, renderSpecial);
        if (pendingLength + piece.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + piece.length));
        }
        System.arraycopy(piece, 0, pending, pendingLength, piece.length);
        pendingLength += piece.length;
        int complete = completePrefix(pending, pendingLength);
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, pendingLength - complete);
        pendingLength -= complete;
        return text;
    }

    /** Returns the held-back bytes (an unfinished character decodes to U+FFFD) and resets the decoder. */
    public String finish() {
        String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        pendingLength = 0;
        return text;
    }

    /** Whether bytes of an unfinished character are held back. */
    public boolean hasPending() {
        return pendingLength > 0;
    }

    /**
     * Length of the prefix that ends on a character boundary: excludes a trailing lead byte plus continuation bytes
     * when they are fewer than the lead byte announces. Malformed bytes are not held back.
     */
    static int completePrefix(byte[] bytes, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
            return needed > back ? length - back : length;
        }
        return length;
    }
}
