package io.jseek.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors as one line for a client: the position, then what is wrong, without the parser's
 * internals (the redacted source, feature and constraint names, the Java type being bound).
 */
final class JsonSyntaxError {
    /** {@code (start marker at [Source: ...; line: 1, column: 1])} and the like. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\((?:start marker at )?\\[Source:[^\\]]*\\]\\)");
    /** A parenthesis that names a Jackson type or feature in backquotes. */
    private static final Pattern INTERNAL = Pattern.compile("\\s*\\([^()]*`[^`]*`[^()]*\\)");

    private JsonSyntaxError() {
    }

    /** {@code " at line L, column C: what"}, or {@code ": what"} when the parser knows no position. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return where + ": " + what(e);
    }

    private static String what(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (message.startsWith("Document nesting depth")) {
                return "nested too deeply (at most 64 levels)";
            }
            if (message.startsWith("Number value length")) {
                return "a number is too long (at most 64 characters)";
            }
            return "a value is too large";
        }
        if (message.startsWith("Trailing token")) {
            return "unexpected text after the JSON value";
        }
        String line = message.lines().findFirst().orElse("");
        line = INTERNAL.matcher(SOURCE.matcher(line).replaceAll("")).replaceAll("");
        int asPer = line.indexOf(": not allowed as per");
        return (asPer < 0 ? line : line.substring(0, asPer)).strip();
    }
}
