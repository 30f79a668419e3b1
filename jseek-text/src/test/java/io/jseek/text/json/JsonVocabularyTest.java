package io.jseek.text.json;

import static io.jseek.text.json.JsonTestSupport.json;
import static io.jseek.text.json.JsonTestSupport.parseGenerated;
import static io.jseek.text.json.JsonTestSupport.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The constraint over the real DeepSeek vocabularies: known texts, mask/allows agreement, random walks. */
class JsonVocabularyTest {
    static final List<String> SCHEMAS = List.of(
            "null",
            """
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
              "email":{"type":["string","null"]},"role":{"enum":["admin","user","guest"]},
              "scores":{"type":"array","items":{"type":"number"},"minItems":1,"maxItems":4},
              "active":{"type":"boolean"}},
             "required":["name","age","role"],"additionalProperties":false}""",
            """
            {"type":"object","properties":{"shape":{"anyOf":[
               {"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},
                "required":["kind","r"],"additionalProperties":false},
               {"type":"object","properties":{"kind":{"const":"rect"},"w":{"type":"integer"},"h":{"type":"integer"}},
                "required":["kind","w","h"],"additionalProperties":false},
               {"type":"string"}]}},"required":["shape"]}""",
            """
            {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"label":{"type":"string"},
              "children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}},
              "required":["label"],"additionalProperties":false}}}""",
            """
            {"type":"object","additionalProperties":{"type":"array","items":{"enum":[1,2,12,"x",true,null]}}}""");

    private static JsonNode schema(String text) {
        return text.equals("null") ? null : json(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-v3", "deepseek-r1-qwen"})
    void piecesMatchTheTokenizersDecoding(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        TokenVocabulary v = TokenVocabulary.of(tokenizer);
        assertTrue(v == TokenVocabulary.of(tokenizer), "cached per tokenizer");
        int checked = 0;
        for (int id = 0; id < v.size(); id++) {
            byte[] piece = v.piece(id);
            if (piece != null && JsonTestSupport.isUtf8(piece)) {
                assertArrayEquals(tokenizer.decode(new int[] {id}).getBytes(StandardCharsets.UTF_8), piece);
                checked++;
            }
        }
        assertTrue(checked > v.size() / 2);
        assertFalse(v.isEndToken(0));
        assertTrue(v.isEndToken(tokenizer.eosId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-v3", "deepseek-r1-qwen"})
    void acceptsTokenizedDocuments(String vocab) {
        Tokenizer tokenizer = tokenizer(vocab);
        TokenVocabulary v = TokenVocabulary.of(tokenizer);
        List<String> documents = List.of(
                "{\"name\": \"Ann\", \"age\": 31, \"role\": \"admin\", \"scores\": [1.5, -2e3, 0]}",
                "{\n  \"name\": \"\u674e\u96f7 \ud83d\ude00 caf\u00e9\",\n  \"age\": 7,\n  \"role\": \"user\",\n"
                        + "  \"email\": null,\n  \"active\": true\n}",
                "{\"name\":\"tab\\tquote\\\"slash\\\\u\\u00e9\",\"age\":-0,\"role\":\"guest\"}");
        for (String document : documents) {
            for (JsonNode schema : new JsonNode[] {null, schema(SCHEMAS.get(1))}) {
                JsonConstraint c = JsonConstraint.forSchema(schema, v);
                for (int token : tokenizer.encode(document, false, false)) {
                    assertTrue(c.allows(token), () -> "token " + tokenizer.tokenText(token) + " in " + document);
                    c.accept(token);
                }
                assertTrue(c.allowsEos(), document);
                assertTrue(c.allows(tokenizer.eosId()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-v3", "deepseek-r1-qwen"})
    void randomWalksProduceValidDocuments(String vocab) {
        TokenVocabulary v = TokenVocabulary.of(tokenizer(vocab));
        RandomWalk walker = new RandomWalk(v);
        for (int s = 0; s < SCHEMAS.size(); s++) {
            JsonNode schema = schema(SCHEMAS.get(s));
            JsonConstraint prototype = JsonConstraint.forSchema(schema, v);
            for (int seed = 0; seed < 4; seed++) {
                Random random = new Random(seed * 31L + s);
                byte[] text = walker.walk(prototype.fresh(), random, 10 + 15 * seed, seed == 0 && s < 3);
                JsonNode value = parseGenerated(text);
                if (schema == null) {
                    assertTrue(value.isObject(), value.toString());
                } else {
                    assertEquals(List.of(), MiniSchemaValidator.validate(schema, value), value.toString());
                }
            }
        }
    }
}
