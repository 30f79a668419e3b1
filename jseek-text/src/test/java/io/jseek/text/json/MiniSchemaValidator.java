package io.jseek.text.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An independent validator for the schema subset that {@link JsonConstraint} enforces (no JSON Schema validator is
 * available offline). It follows the specification's semantics, not the compiler's code, so that tests compare two
 * implementations: e.g. undeclared properties are valid here unless additionalProperties forbids them.
 */
final class MiniSchemaValidator {
    private final JsonNode root;

    private MiniSchemaValidator(JsonNode root) {
        this.root = root;
    }

    /** Violations of {@code schema} by {@code value}; empty when valid. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        new MiniSchemaValidator(schema).check(schema, value, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": false schema");
            }
            return;
        }
        if (schema.has("$ref")) {
            check(root.at(schema.get("$ref").asText().substring(1)), value, path, errors);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": not const " + schema.get("const"));
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            errors.add(path + ": not in enum " + schema.get("enum"));
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (schema.has(key)) {
                int matches = 0;
                for (JsonNode branch : schema.get(key)) {
                    List<String> sub = new ArrayList<>();
                    check(branch, value, path, sub);
                    matches += sub.isEmpty() ? 1 : 0;
                }
                boolean nullOk = schema.path("nullable").asBoolean(false) && value.isNull();
                if (matches == 0 && !nullOk) {
                    errors.add(path + ": no " + key + " branch matches");
                }
            }
        }
        for (JsonNode branch : schema.path("allOf")) {
            check(branch, value, path, errors);
        }
        if (schema.has("type") && !typeMatches(schema, value)) {
            errors.add(path + ": not of type " + schema.get("type"));
            return;
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        } else if (value.isArray()) {
            checkArray(schema, value, path, errors);
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || v.isNumber() && value.isNumber() && v.decimalValue().compareTo(
                    value.decimalValue()) == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean typeMatches(JsonNode schema, JsonNode value) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.get("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        if (schema.path("nullable").asBoolean(false)) {
            types.add("null");
        }
        return types.contains("object") && value.isObject() || types.contains("array") && value.isArray()
                || types.contains("string") && value.isTextual() || types.contains("number") && value.isNumber()
                || types.contains("integer") && value.isIntegralNumber()
                || types.contains("boolean") && value.isBoolean() || types.contains("null") && value.isNull();
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                errors.add(path + ": missing required " + name);
            }
        }
        for (var e : value.properties()) {
            String p = path + "." + e.getKey();
            if (properties.has(e.getKey())) {
                check(properties.get(e.getKey()), e.getValue(), p, errors);
            } else if (schema.has("additionalProperties")) {
                check(schema.get("additionalProperties"), e.getValue(), p, errors);
            }
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": fewer than minItems");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": more than maxItems");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
