package io.jseek.text.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * {@code response_format}: free text, any JSON object, or JSON matching a schema, enforced by constrained decoding
 * ({@link JsonLogitsProcessor}) in the Java API's chat and in the server's engine.
 *
 * @param type the kind
 * @param name the schema's name for {@link Type#JSON_SCHEMA}, else null
 * @param schema the JSON schema for {@link Type#JSON_SCHEMA}, else null
 * @param strict whether the schema must be followed exactly
 */
public record ResponseFormat(Type type, String name, JsonNode schema, boolean strict) {
    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, false);
    /** Any JSON object. */
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, false);

    public ResponseFormat {
        Objects.requireNonNull(type, "type");
    }

    /** JSON valid against {@code schema} (the subset {@link io.jseek.text.json.JsonConstraint} supports). */
    public static ResponseFormat jsonSchema(String name, JsonNode schema) {
        return new ResponseFormat(Type.JSON_SCHEMA, name, Objects.requireNonNull(schema, "schema"), true);
    }

    /** The {@code type} values. */
    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }
}
