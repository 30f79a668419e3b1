package io.jseek.text.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a JSON Schema (the subset listed in {@link JsonConstraint}) to a {@link Grammar}. Each schema object
 * becomes one node, memoized by identity so that {@code $ref} cycles and shared definitions compile once; the node
 * is registered before its children are compiled, which is what makes recursion terminate.
 *
 * <p>Validation keywords outside the subset (pattern, minLength, minimum, format, ...) are ignored: the output then
 * has the right shape but may violate them. Constructs that change the shape and cannot be enforced (allOf with
 * several branches, tuple items, more than 64 properties, unresolvable references, the false schema) are refused.
 */
final class SchemaCompiler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PROPERTIES = 64;

    private final JsonNode rootSchema;
    private final List<GrammarNode> nodes = new ArrayList<>();
    private final Map<JsonNode, Integer> compiled = new IdentityHashMap<>();
    private final Map<JsonNode, Boolean> resolving = new IdentityHashMap<>();
    private int any = -1;

    private SchemaCompiler(JsonNode rootSchema) {
        this.rootSchema = rootSchema;
    }

    /** Compiles {@code schema}; {@code null} means any JSON object (the {@code json_object} response format). */
    static Grammar compile(JsonNode schema) {
        SchemaCompiler compiler = new SchemaCompiler(schema);
        GrammarNode root = compiler.add(GrammarNode.ROOT);
        root.child = schema == null ? compiler.anyObject() : compiler.node(schema);
        return new Grammar(compiler.nodes);
    }

    private GrammarNode add(int kind) {
        GrammarNode node = new GrammarNode(kind, nodes.size());
        nodes.add(node);
        return node;
    }

    private static int id(GrammarNode node) {
        return node.id;
    }

    private int node(JsonNode schema) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                throw new UnsupportedSchemaException("the false schema admits no value");
            }
            return any();
        }
        if (!schema.isObject()) {
            throw new UnsupportedSchemaException("a schema must be an object or a boolean, not " + schema);
        }
        Integer done = compiled.get(schema);
        if (done != null) {
            return done;
        }
        if (schema.has("$ref")) {
            return compileReference(schema);
        }
        if (schema.has("enum") || schema.has("const")) {
            return remember(schema, literals(schema));
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            return compileUnion(schema, schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf"));
        }
        if (schema.has("allOf")) {
            JsonNode all = schema.get("allOf");
            if (!all.isArray() || all.size() != 1) {
                throw new UnsupportedSchemaException("allOf is supported with exactly one branch");
            }
            return remember(schema, node(all.get(0)));
        }
        List<String> types = types(schema);
        if (types.isEmpty()) {
            return remember(schema, any());
        }
        if (types.size() == 1) {
            return typed(schema, types.get(0), true);
        }
        GrammarNode union = add(GrammarNode.UNION);
        int id = remember(schema, id(union));
        union.alternatives = new int[types.size()];
        for (int i = 0; i < types.size(); i++) {
            union.alternatives[i] = typed(schema, types.get(i), false);
        }
        return id;
    }

    private int remember(JsonNode schema, int id) {
        compiled.put(schema, id);
        return id;
    }

    private int compileReference(JsonNode schema) {
        if (resolving.put(schema, Boolean.TRUE) != null) {
            throw new UnsupportedSchemaException("$ref cycle without a schema in between: " + schema.get("$ref"));
        }
        String ref = schema.get("$ref").asText();
        if (!ref.startsWith("#")) {
            throw new UnsupportedSchemaException("only local $ref (#/...) is supported: " + ref);
        }
        JsonNode target = rootSchema.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new UnsupportedSchemaException("unresolvable $ref: " + ref);
        }
        int id = node(target);
        resolving.remove(schema);
        return remember(schema, id);
    }

    private int compileUnion(JsonNode schema, JsonNode branches) {
        if (!branches.isArray() || branches.isEmpty()) {
            throw new UnsupportedSchemaException("anyOf/oneOf needs at least one schema");
        }
        GrammarNode union = add(GrammarNode.UNION);
        int id = remember(schema, id(union));
        boolean nullable = schema.path("nullable").asBoolean(false);
        int[] alternatives = new int[branches.size() + (nullable ? 1 : 0)];
        for (int i = 0; i < branches.size(); i++) {
            alternatives[i] = node(branches.get(i));
        }
        if (nullable) {
            alternatives[branches.size()] = literalNode(List.of(bytes(MAPPER.nullNode())));
        }
        union.alternatives = alternatives;
        return id;
    }

    /** Declared types, inferred from structural keywords when {@code type} is absent; OpenAPI's nullable adds null. */
    private static List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type != null) {
            types.add(type.asText());
        } else if (schema.has("properties") || schema.has("required") || schema.has("additionalProperties")) {
            types.add("object");
        } else if (schema.has("items")) {
            types.add("array");
        }
        if (schema.path("nullable").asBoolean(false) && !types.isEmpty() && !types.contains("null")) {
            types.add("null");
        }
        return types;
    }

    private int typed(JsonNode schema, String type, boolean memoize) {
        return switch (type) {
            case "object" -> object(schema, memoize);
            case "array" -> array(schema, memoize);
            case "string" -> id(add(GrammarNode.STRING));
            case "number", "integer" -> {
                GrammarNode number = add(GrammarNode.NUMBER);
                number.integer = type.equals("integer");
                yield id(number);
            }
            case "boolean" -> literalNode(List.of(bytes(MAPPER.getNodeFactory().booleanNode(true)),
                    bytes(MAPPER.getNodeFactory().booleanNode(false))));
            case "null" -> literalNode(List.of(bytes(MAPPER.nullNode())));
            default -> throw new UnsupportedSchemaException("unknown type: " + type);
        };
    }

    private int object(JsonNode schema, boolean memoize) {
        GrammarNode object = add(GrammarNode.OBJECT);
        int id = memoize ? remember(schema, id(object)) : id(object);
        JsonNode additional = schema.get("additionalProperties");
        boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
        for (JsonNode name : schema.path("required")) {
            if (!properties.containsKey(name.asText())) {
                if (closed) {
                    throw new UnsupportedSchemaException("required property " + name + " is not allowed");
                }
                properties.put(name.asText(), additional == null ? MAPPER.getNodeFactory().booleanNode(true)
                        : additional);
            }
        }
        if (properties.isEmpty()) {
            object.child = closed ? -1 : additional == null ? any() : node(additional);
            return id;
        }
        if (properties.size() > MAX_PROPERTIES) {
            throw new UnsupportedSchemaException("at most " + MAX_PROPERTIES + " properties are supported");
        }
        List<byte[]> keys = new ArrayList<>();
        int[] values = new int[properties.size()];
        int index = 0;
        for (Map.Entry<String, JsonNode> e : properties.entrySet()) {
            keys.add(bytes(TextNode.valueOf(e.getKey())));
            values[index++] = node(e.getValue());
        }
        object.trie = new LiteralTrie(keys);
        object.propertyValues = values;
        object.declared = properties.size() == 64 ? -1L : (1L << properties.size()) - 1;
        List<String> names = new ArrayList<>(properties.keySet());
        for (JsonNode name : schema.path("required")) {
            object.required |= 1L << names.indexOf(name.asText());
        }
        return id;
    }

    private int array(JsonNode schema, boolean memoize) {
        GrammarNode array = add(GrammarNode.ARRAY);
        int id = memoize ? remember(schema, id(array)) : id(array);
        JsonNode items = schema.get("items");
        if (items != null && items.isArray() || schema.has("prefixItems")) {
            throw new UnsupportedSchemaException("tuple arrays (items as an array, prefixItems) are not supported");
        }
        array.minItems = schema.path("minItems").asInt(0);
        array.maxItems = schema.has("maxItems") ? schema.get("maxItems").asInt() : Integer.MAX_VALUE;
        if (array.minItems > array.maxItems || array.maxItems < 0) {
            throw new UnsupportedSchemaException("minItems exceeds maxItems");
        }
        array.child = items == null ? any() : node(items);
        return id;
    }

    private int literals(JsonNode schema) {
        List<byte[]> texts = new ArrayList<>();
        if (schema.has("const")) {
            texts.add(bytes(schema.get("const")));
        } else {
            JsonNode values = schema.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw new UnsupportedSchemaException("enum needs at least one value");
            }
            values.forEach(v -> texts.add(bytes(v)));
        }
        return literalNode(texts);
    }

    private int literalNode(List<byte[]> texts) {
        GrammarNode node = add(GrammarNode.LITERALS);
        node.trie = new LiteralTrie(texts);
        return id(node);
    }

    private static byte[] bytes(JsonNode value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UnsupportedSchemaException("cannot serialize " + value + ": " + e.getMessage());
        }
    }

    /** Any JSON value: a union of the five generic value kinds, built once and shared (it refers to itself). */
    private int any() {
        if (any >= 0) {
            return any;
        }
        GrammarNode union = add(GrammarNode.UNION);
        any = id(union);
        GrammarNode array = add(GrammarNode.ARRAY);
        array.child = any;
        union.alternatives = new int[] {anyObject(), id(array), id(add(GrammarNode.STRING)),
                id(add(GrammarNode.NUMBER)), literalNode(List.of(bytes(MAPPER.getNodeFactory().booleanNode(true)),
                bytes(MAPPER.getNodeFactory().booleanNode(false)), bytes(MAPPER.nullNode())))};
        return any;
    }

    /** An object with free keys and values of any kind. */
    private int anyObject() {
        GrammarNode object = add(GrammarNode.OBJECT);
        int id = id(object);
        object.child = any();
        return id;
    }
}
