package io.jseek.text.json;

import static io.jseek.text.json.JsonTestSupport.acceptsBytes;
import static io.jseek.text.json.JsonTestSupport.byteVocabulary;
import static io.jseek.text.json.JsonTestSupport.feedBytes;
import static io.jseek.text.json.JsonTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema keywords on the synthetic byte vocabulary: each accepted text validates, each refused one does not. */
class JsonSchemaTest {
    private static final JsonNode PERSON = json("""
            {"type":"object","properties":{
               "name":{"type":"string"},
               "age":{"type":"integer"},
               "nick":{"type":["string","null"]},
               "role":{"enum":["admin","user",3,null]},
               "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":2},
               "v":{"const":{"x":[1,"é"]}}},
             "required":["name","age"],"additionalProperties":false}""");

    private static void check(JsonNode schema, String text, boolean valid) {
        assertEquals(valid, acceptsBytes(schema, text), text);
        if (valid) {
            assertEquals(List.of(), MiniSchemaValidator.validate(schema, json(text)), text);
        }
    }

    @Test
    void objectProperties() {
        check(PERSON, "{\"name\":\"Ann\",\"age\":3}", true);
        check(PERSON, "{ \"age\": -3, \"name\": \"\", \"nick\": null, \"role\": 3 }", true);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"tags\":[\"a\",\"b\"],\"v\":{\"x\":[1,\"é\"]}}", true);
        check(PERSON, "{\"name\":\"Ann\"}", false);
        check(PERSON, "{\"name\":\"Ann\",\"age\":3.5}", false);
        check(PERSON, "{\"name\":\"Ann\",\"age\":1e3}", false);
        check(PERSON, "{\"name\":\"Ann\",\"age\":3,\"other\":1}", false);
        check(PERSON, "{\"name\":\"Ann\",\"name\":\"Bob\",\"age\":3}", false);
        check(PERSON, "{\"name\":1,\"age\":3}", false);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"role\":\"root\"}", false);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"role\":\"admins\"}", false);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"tags\":[]}", false);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"tags\":[\"a\",\"b\",\"c\"]}", false);
        check(PERSON, "{\"name\":\"A\",\"age\":1,\"v\":{\"x\":[1]}}", false);
    }

    @Test
    void closingBraceMaskedUntilRequiredPropertiesAreWritten() {
        JsonConstraint c = JsonConstraint.forSchema(PERSON, byteVocabulary());
        assertTrue(feedBytes(c, "{\"name\":\"A\"".getBytes(StandardCharsets.UTF_8)));
        assertFalse(c.allows('}'));
        assertTrue(c.allows(','));
        feedBytes(c, ",\"n".getBytes(StandardCharsets.UTF_8));
        assertFalse(c.allows('a'), "name was written already");
        assertTrue(c.allows('i'), "nick was not");
    }

    @Test
    void exhaustedPropertiesForbidAnotherComma() {
        JsonNode schema = json("{\"properties\":{\"a\":{\"type\":\"boolean\"}}}");
        JsonConstraint c = JsonConstraint.forSchema(schema, byteVocabulary());
        assertTrue(feedBytes(c, "{\"a\":true".getBytes(StandardCharsets.UTF_8)));
        assertFalse(c.allows(','));
        assertTrue(c.allows('}'));
    }

    @Test
    void anyOfDistinguishesBranchesLate() {
        JsonNode schema = json("""
                {"anyOf":[
                  {"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},
                   "required":["kind","r"],"additionalProperties":false},
                  {"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"number"}},
                   "required":["kind","side"],"additionalProperties":false},
                  {"type":"array","items":{"type":"integer"}}]}""");
        check(schema, "{\"kind\":\"circle\",\"r\":1.5}", true);
        check(schema, "{\"kind\":\"square\",\"side\":2}", true);
        check(schema, "[1,2,3]", true);
        check(schema, "{\"kind\":\"circle\",\"side\":2}", false);
        check(schema, "{\"kind\":\"square\"}", false);
        check(schema, "[1.5]", false);
    }

    @Test
    void nullableAndTypeArrays() {
        check(json("{\"type\":\"string\",\"nullable\":true}"), "null", true);
        check(json("{\"type\":\"string\",\"nullable\":true}"), "\"x\"", true);
        check(json("{\"type\":[\"integer\",\"boolean\"]}"), "false", true);
        check(json("{\"type\":[\"integer\",\"boolean\"]}"), "null", false);
        check(json("{\"type\":\"number\"}"), "-0.5e+10", true);
        check(json("{\"type\":\"null\"}"), "null", true);
    }

    @Test
    void recursiveReferences() {
        JsonNode tree = json("""
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object",
                  "properties":{"v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}},
                  "required":["v"],"additionalProperties":false}}}""");
        check(tree, "{\"v\":1,\"kids\":[{\"v\":2},{\"v\":3,\"kids\":[{\"v\":4,\"kids\":[]}]}]}", true);
        check(tree, "{\"v\":1,\"kids\":[{\"w\":2}]}", false);
    }

    @Test
    void additionalPropertiesSchemaAndFreeObjects() {
        JsonNode map = json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
        check(map, "{\"x\":1,\"y\":2}", true);
        check(map, "{\"x\":\"1\"}", false);
        check(json("{\"type\":\"object\",\"additionalProperties\":false}"), "{}", true);
        check(json("{\"type\":\"object\",\"additionalProperties\":false}"), "{\"a\":1}", false);
        check(json("{\"type\":\"object\",\"required\":[\"id\"]}"), "{\"id\":[1]}", true);
        check(json("{\"type\":\"object\",\"required\":[\"id\"]}"), "{}", false);
    }

    @Test
    void enumOfNumbersSharingPrefixes() {
        JsonNode schema = json("{\"type\":\"array\",\"items\":{\"enum\":[1,12,123]}}");
        check(schema, "[1,12,123,1]", true);
        check(schema, "[1234]", false);
        check(schema, "[13]", false);
    }

    @Test
    void unsupportedSchemasAreRefused() {
        for (String schema : List.of("false", "{\"allOf\":[{},{}]}", "{\"$ref\":\"#/nowhere\"}",
                "{\"$ref\":\"http://example.com/s.json\"}", "{\"type\":\"array\",\"items\":[{}]}",
                "{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}", "{\"enum\":[]}", "{\"anyOf\":[]}",
                "{\"type\":\"date\"}", "{\"type\":\"object\",\"required\":[\"a\"],\"additionalProperties\":false}")) {
            assertThrows(UnsupportedSchemaException.class,
                    () -> JsonConstraint.forSchema(json(schema), byteVocabulary()), schema);
        }
    }

    @Test
    void ignoredKeywordsStillConstrainTheShape() {
        JsonNode schema = json("{\"type\":\"string\",\"format\":\"date-time\",\"minLength\":3,\"title\":\"t\"}");
        check(schema, "\"x\"", true);
        check(schema, "1", false);
    }
}
