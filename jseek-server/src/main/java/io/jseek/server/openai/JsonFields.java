package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.server.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of request fields with OpenAI-style errors: a missing required field or a value of the wrong JSON type
 * is 400, a well-typed value outside its range is 422. JSON {@code null} counts as absent, as the OpenAI clients
 * send it for unset options. Huge numbers are range-checked as doubles or big integers, never wrapped.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The field, or null when absent or JSON null. */
    static JsonNode get(JsonNode object, String name) {
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? null : n;
    }

    static String string(JsonNode object, String name, String param) {
        JsonNode n = get(object, name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(param, param + " must be a string");
        }
        return n.textValue();
    }

    static String requiredString(JsonNode object, String name, String param) {
        String s = string(object, name, param);
        if (s == null) {
            throw ApiException.badRequest(param, "Missing required parameter: " + param);
        }
        return s;
    }

    static boolean bool(JsonNode object, String name, boolean fallback) {
        JsonNode n = get(object, name);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ApiException.badRequest(name, name + " must be a boolean");
        }
        return n.booleanValue();
    }

    /** A number in [min, max], or null when absent. */
    static Double number(JsonNode object, String name, double min, double max) {
        JsonNode n = get(object, name);
        if (n == null) {
            return null;
        }
        if (!n.isNumber()) {
            throw ApiException.badRequest(name, name + " must be a number");
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw ApiException.invalidParameter(name, name + " must be between " + min + " and " + max);
        }
        return v;
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    static long integer(JsonNode object, String name, long min, long max, long fallback) {
        JsonNode n = get(object, name);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw ApiException.badRequest(name, name + " must be an integer");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw ApiException.invalidParameter(name, name + " must be an integer between " + min + " and " + max);
        }
        return n.longValue();
    }

    static JsonNode object(JsonNode object, String name, String param) {
        JsonNode n = get(object, name);
        if (n != null && !n.isObject()) {
            throw ApiException.badRequest(param, param + " must be an object");
        }
        return n;
    }

    static JsonNode array(JsonNode object, String name, String param) {
        JsonNode n = get(object, name);
        if (n != null && !n.isArray()) {
            throw ApiException.badRequest(param, param + " must be an array");
        }
        return n;
    }

    /** {@code stop}: a string or an array of at most 16 strings. */
    static List<String> stop(JsonNode object) {
        JsonNode n = get(object, "stop");
        if (n == null) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        if (!n.isArray()) {
            throw ApiException.badRequest("stop", "stop must be a string or an array of strings");
        }
        if (n.size() > 16) {
            throw ApiException.invalidParameter("stop", "stop takes at most 16 strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.isTextual()) {
                throw ApiException.badRequest("stop", "stop must be a string or an array of strings");
            }
            out.add(s.textValue());
        }
        return out;
    }

    /** One of {@code allowed}, or null when absent. */
    static String oneOf(JsonNode object, String name, String param, List<String> allowed) {
        String s = string(object, name, param);
        if (s != null && !allowed.contains(s)) {
            throw ApiException.invalidParameter(param, param + " must be one of " + allowed);
        }
        return s;
    }
}
