package io.jseek.text.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.engine.EngineEvent;
import io.jseek.engine.FinishReason;
import io.jseek.engine.Usage;
import io.jseek.text.Vocabularies;
import io.jseek.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Engine events to text on the DeepSeek-R1-Distill-Qwen vocabulary (where {@code <think>} is one token): the model's text is tokenized, fed back as token events one
 * at a time, and what comes out must be the text's reasoning and answer, cut at the first stop string.
 */
class TextStreamTest {
    private static final Tokenizer TOKENIZER = Vocabularies.tokenizer("deepseek-r1-qwen");

    /** What a listener heard. */
    private static final class Heard implements TextStream.Listener {
        final StringBuilder reasoning = new StringBuilder();
        final StringBuilder answer = new StringBuilder();
        final List<PositionLogprobs> logprobs = new ArrayList<>();
        int finishes;
        int reasoningTokens = -1;

        @Override
        public void onText(boolean inReasoning, String text, List<PositionLogprobs> lp) {
            assertFalse(text.isEmpty());
            (inReasoning ? reasoning : answer).append(text);
            logprobs.addAll(lp);
        }

        @Override
        public void onFinish(EngineEvent.Finished finished, int reasoningTokens) {
            finishes++;
            this.reasoningTokens = reasoningTokens;
        }
    }

    /** Feeds the tokens of {@code modelText} (with logprobs when asked), then the finish. */
    private static TextStream run(String modelText, List<String> stop, boolean chat, boolean logprobs,
                                  Heard heard) {
        return run(TOKENIZER, modelText, stop, chat, logprobs, heard);
    }

    private static TextStream run(Tokenizer tokenizer, String modelText, List<String> stop, boolean chat,
                                  boolean logprobs, Heard heard) {
        TextStream stream = new TextStream(tokenizer, stop, chat, false, heard);
        int[] ids = tokenizer.encode(modelText, false, true);
        for (int i = 0; i < ids.length; i++) {
            stream.accept(logprobs ? new EngineEvent.Token(1, ids[i], i, -0.25f, List.of())
                    : new EngineEvent.Token(1, ids[i], i));
        }
        stream.accept(new EngineEvent.Finished(1, FinishReason.STOP, new Usage(3, 0, 3, ids.length), null, null));
        return stream;
    }

    @Test
    void chatSplitsReasoningAndGivesLogprobsToTheAnswerTokensOnly() {
        Heard heard = new Heard();
        String answer = "The sky is blue because of Rayleigh scattering.";
        TextStream stream = run("<think>\nShort light scatters more.\n</think>\n\n" + answer, List.of(), true, true,
                heard);
        assertEquals("Short light scatters more.", heard.reasoning.toString());
        assertEquals(answer, heard.answer.toString());
        assertEquals(1, heard.finishes);
        StringBuilder logprobText = new StringBuilder();
        heard.logprobs.forEach(p -> logprobText.append(p.sampled().token()));
        assertEquals(answer, logprobText.toString().strip(), "one entry per answer token, in order");
        int tokens = TOKENIZER.encode("<think>\nShort light scatters more.\n</think>\n\n" + answer, false, true)
                .length;
        assertEquals(tokens, heard.reasoningTokens + heard.logprobs.size(), "each token counted once");
        assertFalse(stream.stopMatched());
    }

    /** On the DeepSeek-V3 vocabulary {@code <think>} is several tokens; all of them are chain of thought. */
    @Test
    void reasoningTokensIncludeATagSpreadOverSeveralTokens() {
        Tokenizer v3 = Vocabularies.tokenizer("deepseek-v3");
        String text = "<think>\nShort light scatters more.\n</think>\n\nBlue.";
        int[] ids = v3.encode(text, false, true);
        int openTokens = v3.encode("<think>", false, true).length;
        assertTrue(openTokens > 1, "the test needs a vocabulary that splits the tag, got " + openTokens);
        Heard heard = new Heard();
        run(v3, text, List.of(), true, true, heard);
        assertEquals("Short light scatters more.", heard.reasoning.toString());
        assertEquals("Blue.", heard.answer.toString());
        assertEquals(ids.length, heard.reasoningTokens + heard.logprobs.size(), "each token counted once");
    }

    @Test
    void stopStringsCutTheWholeTextBeforeTheSplit() {
        Heard heard = new Heard();
        TextStream stream = run("<think>\nFirst this. STOP and more\n</think>\n\nnever", List.of("STOP"), true,
                false, heard);
        assertTrue(stream.stopMatched());
        assertEquals("First this.", heard.reasoning.toString());
        assertEquals("", heard.answer.toString());
        assertEquals("<think>\nFirst this. ", stream.text());
    }

    @Test
    void plainTextIsAllAnswerUpToTheStopString() {
        Heard heard = new Heard();
        TextStream stream = run("def f(x):\n    return x\n\n\ndef g", List.of("\n\n\n", "never"), false, false,
                heard);
        assertTrue(stream.stopMatched());
        assertEquals("def f(x):\n    return x", heard.answer.toString());
        assertEquals(heard.answer.toString(), stream.text());
        assertEquals(0, heard.reasoningTokens);
        assertFalse(stream.inReasoning());
    }

    @Test
    void heldBackTextIsReleasedAtTheFinish() {
        Heard heard = new Heard();
        TextStream stream = run("ends with a partial stop ST", List.of("STOP"), false, false, heard);
        assertFalse(stream.stopMatched());
        assertEquals("ends with a partial stop ST", heard.answer.toString());
    }
}
