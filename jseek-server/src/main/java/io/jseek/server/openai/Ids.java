package io.jseek.server.openai;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Response and tool-call ids in OpenAI's style; random, so that clients may use them as keys. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String next(String prefix) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }
}
