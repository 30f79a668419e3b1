package io.jseek.text.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Inverse of the GPT-2 byte-level alphabet ({@code bytes_to_unicode}) in which byte-level BPE vocabularies store
 * their token texts: bytes 0x21–0x7E, 0xA1–0xAC and 0xAE–0xFF stand for themselves, the other 68 bytes for U+0100
 * upwards in increasing byte order. The tokenizer module keeps its own copy private; the mask needs the exact bytes
 * of every token, including tokens that end inside a UTF-8 sequence, which text decoding would replace by U+FFFD.
 */
final class ByteLevelText {
    private static final int[] CHAR_TO_BYTE = new int[0x100 + 68];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            CHAR_TO_BYTE[printable ? b : next++] = b;
        }
    }

    private ByteLevelText() {
    }

    /** The bytes of a byte-level token text; characters outside the alphabet contribute their UTF-8 bytes. */
    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int b = cp < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[cp] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }
}
