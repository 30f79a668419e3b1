package io.jseek.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.template.ChatMessage;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat on a tiny random {@code qwen3} model with DeepSeek-V3's vocabulary (its {@code <｜User｜>} and
 * {@code <｜Assistant｜>} tokens, as DeepSeek-R1-0528-Qwen3-8B has): the file's own template is used when it has one,
 * else the built-in R1-0528 format, whose generation prompt leaves opening {@code <think>} to the model.
 */
class Qwen3ChatTest {
    private static final List<ChatMessage> HI = List.of(ChatMessage.user("Hi"));
    private static final String VOCAB = "ggml-vocab-deepseek-v3.gguf";

    @TempDir
    Path dir;

    /** The tiny qwen3 with the V3 vocabulary and, unless null, {@code template} as its chat template. */
    private Path model(String template) throws IOException {
        RandomModelSpec q = TinyModels.qwen3(GgmlType.Q8_0);
        RandomModelSpec spec = new RandomModelSpec("qwen3-v3", q.architecture(), VOCAB, q.embeddingLength(),
                q.blockCount(), q.headCount(), q.headCountKv(), q.feedForwardLength(), q.contextLength(),
                q.ropeFreqBase(), q.ropeLinearFactor(), q.llama3RopeFreqs(), q.tiedOutput(), q.weightType(), q.seed(),
                q.headDim());
        Path vocab = dir.resolve("vocab.gguf");
        try (GgufFile v3 = GgufFile.open(TinyModel.TESTDATA.resolve("tokenizer").resolve(VOCAB))) {
            GgufWriter w = new GgufWriter();
            v3.metadata().keySet().stream().filter(k -> k.startsWith("tokenizer.")).forEach(k -> w.copy(v3, k));
            if (template != null) {
                w.putString("tokenizer.chat_template", template);
            }
            w.write(vocab);
        }
        Path file = dir.resolve(template == null ? "builtin.gguf" : "own.gguf");
        RandomModelWriter.write(spec, vocab, file);
        return file;
    }

    private static ChatOptions greedy() {
        return ChatOptions.of(GenerateOptions.greedy().withMaxTokens(6));
    }

    @Test
    void withoutATemplateTheR1_0528FormatLeavesTheReasoningToTheModel() throws IOException {
        try (JseekModel m = JseekModel.load(model(null), new LoadOptions(1, 128, false))) {
            assertEquals("qwen3", m.architecture());
            int[] prompt = m.chatPromptTokens(HI, greedy());
            assertArrayEquals(m.tokenize("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜>", true), prompt);
            ChatResult r = m.chat(HI, greedy(), new ChatListener() { });
            String text = r.generation().text();
            assertFalse(text.contains("<think>"), "the random model happened to open a reasoning: " + text);
            assertEquals("", r.reasoning());
            assertEquals(text.strip(), r.content());
        }
    }

    @Test
    void theFileTemplateIsUsedAndItsThinkOpensTheReasoning() throws IOException {
        Path template = TinyModel.TESTDATA.resolve("templates")
                .resolve("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja");
        try (JseekModel m = JseekModel.load(model(Files.readString(template)), new LoadOptions(1, 128, false))) {
            int[] prompt = m.chatPromptTokens(HI, greedy());
            assertArrayEquals(m.tokenize("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n", true), prompt);
            ChatResult r = m.chat(HI, greedy(), new ChatListener() { });
            String text = r.generation().text();
            assertFalse(text.contains("</think>"), "the random model happened to close its reasoning: " + text);
            assertEquals(text.strip(), r.reasoning());
            assertEquals("", r.content());
        }
    }
}
