package io.jseek.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.convert.safetensors.JsonErrorText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** A checkpoint's {@code config.json}: typed look-ups whose errors name the file and the key. */
public final class HfConfig {
    private final Path file;
    private final JsonNode root;

    private HfConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code folder/config.json}. */
    public static HfConfig read(Path folder) throws IOException {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ConvertException(folder + ": no config.json (not a Hugging Face checkpoint folder)");
        }
        return readFile(file);
    }

    /** Reads a JSON object file such as generation_config.json. */
    static HfConfig readFile(Path file) throws IOException {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConvertException(file + ": not a JSON object");
            }
            return new HfConfig(file, root);
        } catch (JacksonException e) {
            throw new ConvertException(file + ": " + JsonErrorText.describe(e));
        }
    }

    public Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    public Optional<String> string(String key) {
        JsonNode v = root.get(key);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** {@code architectures[0]}, the class name llama.cpp dispatches on. */
    public Optional<String> architecture() {
        JsonNode a = root.path("architectures").path(0);
        return a.isTextual() ? Optional.of(a.asText()) : Optional.empty();
    }

    /** An integer key; absent or null is empty, anything else that is not an integer is an error. */
    public OptionalInt optInt(String key) throws ConvertException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConvertException(file + ": \"" + key + "\" = " + v + " is not an integer");
        }
        return OptionalInt.of(v.asInt());
    }

    public int getInt(String key) throws ConvertException {
        return optInt(key).orElseThrow(() -> new ConvertException(file + ": missing \"" + key + "\""));
    }

    public OptionalDouble optDouble(String key) throws ConvertException {
        return optDouble(root, key);
    }

    OptionalDouble optDouble(JsonNode node, String key) throws ConvertException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw new ConvertException(file + ": \"" + key + "\" = " + v + " is not a number");
        }
        return OptionalDouble.of(v.asDouble());
    }

    /** An integer, or the first of a list of integers ({@code eos_token_id} may be a list). */
    OptionalInt firstInt(String key) {
        JsonNode v = root.get(key);
        if (v != null && v.isArray()) {
            v = v.get(0);
        }
        return v != null && v.isIntegralNumber() && v.canConvertToInt() ? OptionalInt.of(v.asInt())
                : OptionalInt.empty();
    }

    public double getDouble(String key) throws ConvertException {
        return optDouble(key).orElseThrow(() -> new ConvertException(file + ": missing \"" + key + "\""));
    }

    public Optional<Boolean> optBool(String key) {
        JsonNode v = root.get(key);
        return v != null && v.isBoolean() ? Optional.of(v.asBoolean()) : Optional.empty();
    }

    /** The {@code rope_scaling} object (or newer {@code rope_parameters}), if any. */
    public Optional<JsonNode> ropeScaling() {
        for (String key : new String[] {"rope_scaling", "rope_parameters"}) {
            JsonNode v = root.get(key);
            if (v != null && v.isObject()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The rope scaling type: {@code rope_type}, or the older spelling {@code type}. */
    public Optional<String> ropeScalingType() {
        return ropeScaling().map(s -> s.path("rope_type").asText(s.path("type").asText(""))).filter(t -> !t.isEmpty());
    }
}
