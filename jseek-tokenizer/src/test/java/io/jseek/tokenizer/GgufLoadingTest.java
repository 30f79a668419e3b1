package io.jseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GGUF metadata handling on small files written for the test. */
class GgufLoadingTest {
    @TempDir
    Path dir;

    private Tokenizer load(GgufWriter writer) throws IOException {
        Path file = dir.resolve("vocab.gguf");
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            return Tokenizers.fromGguf(gguf);
        }
    }

    private static GgufWriter vocab(String pre) {
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("tokenizer.ggml.model", "gpt2")
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING,
                        new String[] {"<s>", "a", "b", "ab", "Ġ", "Ġab", "1", "2", "3", "12", "123"})
                .putArray("tokenizer.ggml.token_type", GgufValueType.INT32,
                        new int[] {3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
                .putArray("tokenizer.ggml.merges", GgufValueType.STRING,
                        new String[] {"a b", "Ġ ab", "1 2", "12 3"})
                .putUint32("tokenizer.ggml.bos_token_id", 0);
        return pre == null ? w : w.putString("tokenizer.ggml.pre", pre);
    }

    @Test
    void llamaBpeAddsBosByDefaultAndGroupsDigits() throws IOException {
        Tokenizer t = load(vocab("llama-bpe"));
        assertEquals("llama-bpe", t.preTokenizer());
        assertTrue(t.addBosByDefault());
        assertArrayEquals(new int[] {0, 3, 5, 10}, t.encode("ab ab123", true, false));
        assertEquals("ab ab123", t.decode(t.encode("ab ab123", true, true)));
    }

    @Test
    void qwenSplitsDigitsSingly() throws IOException {
        Tokenizer t = load(vocab("qwen2"));
        assertArrayEquals(new int[] {6, 7, 8}, t.encode("123", false, false));
    }

    @Test
    void missingPreTokenizerMeansLlamaCppDefault() throws IOException {
        Tokenizer t = load(vocab(null));
        assertEquals("default", t.preTokenizer());
        assertArrayEquals(new int[] {10}, t.encode("123", false, false));
    }

    @Test
    void unknownPreTokenizerIsRejectedWithTheKnownOnes() {
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> load(vocab("klingon")));
        assertTrue(e.getMessage().contains("'klingon'") && e.getMessage().contains("deepseek-v3")
                && e.getMessage().contains("llama-bpe"), e.getMessage());
    }

    @Test
    void nonBpeVocabularyIsRejected() {
        GgufWriter w = new GgufWriter().putString("tokenizer.ggml.model", "llama")
                .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, new String[] {"a"});
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> load(w));
        assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
    }
}
