package io.jseek.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code response_format}: free text, any JSON object, or JSON matching a schema. Enforcing it takes constrained
 * decoding in the backend; the server only validates the request.
 *
 * @param type the kind
 * @param name the schema's name for {@link Type#JSON_SCHEMA}, else null
 * @param schema the JSON schema for {@link Type#JSON_SCHEMA}, else null
 * @param strict whether the schema must be followed exactly
 */
public record ResponseFormat(Type type, String name, JsonNode schema, boolean strict) {
    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, false);

    public ResponseFormat {
        Objects.requireNonNull(type, "type");
    }

    /** The {@code type} values. */
    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }
}
