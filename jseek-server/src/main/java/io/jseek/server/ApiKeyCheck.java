package io.jseek.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer KEY} in constant time. Both keys are hashed first, so that neither the
 * contents nor the length of the configured key leak through timing: {@link MessageDigest#isEqual} then compares
 * two 32-byte digests in time independent of where they differ.
 */
public final class ApiKeyCheck {
    private static final String BEARER = "bearer ";

    private final byte[] expected;

    /** @param key the configured key; null or empty disables the check */
    public ApiKeyCheck(String key) {
        this.expected = key == null || key.isEmpty() ? null : sha256(key);
    }

    public boolean enabled() {
        return expected != null;
    }

    /** Whether the {@code Authorization} header value carries the key (always true when disabled). */
    public boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        String given = "";
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            given = authorization.substring(BEARER.length()).strip();
        }
        return MessageDigest.isEqual(expected, sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
