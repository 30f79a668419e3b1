package io.jseek.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as a user reads them: the problem and where it is, without the parser's internals
 * ({@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]}, which
 * Jackson embeds even in its "original" message for an unclosed array or object).
 */
final class JsonErrors {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {
    }

    /** {@code "invalid JSON at line L, column C: problem"}. */
    static String describe(JsonProcessingException e) {
        String problem = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2");
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) {
            return "invalid JSON: " + problem;
        }
        return "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
    }
}
