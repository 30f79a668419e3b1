package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every llama.cpp test vector of every vocabulary in the test data, through both loading paths: GGUF for all four,
 * tokenizer.json for DeepSeek-V3 and (same BPE vocabulary and merges, all inputs already NFC) R1-Distill-Qwen.
 * Encoding uses the vectors' settings (no BOS, specials not parsed); each vector must also round-trip through decode.
 */
class VocabVectorsTest {

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource({
        "deepseek-llm, gguf",
        "deepseek-coder, gguf",
        "deepseek-r1-qwen, gguf",
        "deepseek-v3, gguf",
        "deepseek-v3, deepseek-v3.tokenizer.json",
        "deepseek-r1-qwen, qwen.tokenizer.json",
    })
    void allVectorsPass(String vocab, String source) {
        Tokenizer tokenizer = source.equals("gguf") ? TestData.gguf(vocab) : TestData.huggingFace(source);
        List<TestData.Vector> vectors = TestData.vectors(vocab);
        assertTrue(vectors.size() >= 46, "vector count " + vectors.size());
        List<String> failures = new ArrayList<>();
        for (TestData.Vector v : vectors) {
            int[] actual = tokenizer.encode(v.text(), false, false);
            if (!Arrays.equals(v.expected(), actual)) {
                failures.add(v + "\n  expected " + Arrays.toString(v.expected()) + "\n  actual   "
                        + Arrays.toString(actual));
            }
            String decoded = tokenizer.decode(actual);
            if (!decoded.equals(v.text())) {
                failures.add(v + " does not round-trip: '" + decoded + "'");
            }
        }
        assertEquals(List.of(), failures, vocab + " via " + source + ": " + failures.size() + " of "
                + vectors.size() + " failed");
    }
}
