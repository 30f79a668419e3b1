package io.jseek.convert.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as one readable line: the problem and where, without the parser's internals
 * ({@code [Source: REDACTED ...; line: 1, column: 2]}, which Jackson embeds even in its "original" message).
 */
public final class JsonErrorText {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrorText() {
    }

    /** {@code "invalid JSON at line L, column C: problem"}. */
    public static String describe(JacksonException e) {
        String problem = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2")
                .lines().findFirst().orElse("");
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "invalid JSON: " + problem
                : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
    }
}
