package io.jseek.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {
    @Test
    void acceptsOnlyTheBearerKey() {
        ApiKeyCheck check = new ApiKeyCheck("sk-abc");
        assertTrue(check.enabled());
        assertTrue(check.accepts("Bearer sk-abc"));
        assertTrue(check.accepts("bearer  sk-abc "));
        assertFalse(check.accepts("Bearer sk-abd"));
        assertFalse(check.accepts("Bearer sk-ab"));
        assertFalse(check.accepts("Bearer sk-abcd"));
        assertFalse(check.accepts("sk-abc"));
        assertFalse(check.accepts(null));
        assertFalse(check.accepts("Bearer "));
    }

    @Test
    void disabledWithoutKey() {
        assertFalse(new ApiKeyCheck(null).enabled());
        assertTrue(new ApiKeyCheck("").accepts(null));
    }
}
