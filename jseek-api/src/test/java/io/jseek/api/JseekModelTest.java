package io.jseek.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.engine.FinishReason;
import io.jseek.model.SamplerParams;
import io.jseek.template.ChatMessage;
import io.jseek.text.stream.TopLogprob;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation end to end on the tiny random qwen2 model (its output is noise, but deterministic noise). */
class JseekModelTest {
    private static JseekModel model;

    @BeforeAll
    static void load() {
        model = TinyModel.load(128);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerateOptions greedy(int maxTokens) {
        return GenerateOptions.greedy().withMaxTokens(maxTokens);
    }

    @Test
    void maxTokensEndsWithLengthAndStreamsTheText() {
        StringBuilder streamed = new StringBuilder();
        Generation g = model.generate("Hello", greedy(6), streamed::append);
        assertEquals(FinishReason.LENGTH, g.finishReason());
        assertEquals(6, g.tokens().length);
        assertEquals(streamed.toString(), g.text());
        assertEquals(model.detokenize(g.tokens()), g.text());
        assertEquals(g.promptTokens().length, g.timings().promptTokens());
        assertTrue(g.timings().decodeTokensPerSecond() > 0);
    }

    @Test
    void greedyAndSeededSamplingAreDeterministicAndTheCacheIsReused() {
        String story = "Once upon a time there was a small model that told the same story every time. ".repeat(3);
        Generation a = model.generate(story, greedy(8), TokenListener.NONE);
        Generation b = model.generate(story, greedy(8), TokenListener.NONE);
        assertArrayEquals(a.tokens(), b.tokens());
        int prompt = a.promptTokens().length;
        assertTrue(prompt > 2 * 16, "the prompt spans several KV blocks: " + prompt);
        // the engine's prefix cache keeps whole 16-position blocks; the last prompt position is always computed
        assertEquals((prompt - 1) / 16 * 16, b.timings().reusedTokens());
        GenerateOptions seeded = greedy(8).withSampling(SamplerParams.defaults(7).withTemperature(1.5f));
        Generation c = model.generate("Once upon a time", seeded, TokenListener.NONE);
        model.generate("Something else entirely", greedy(3), TokenListener.NONE);
        Generation d = model.generate("Once upon a time", seeded, TokenListener.NONE);
        assertArrayEquals(c.tokens(), d.tokens());
    }

    @Test
    void stopStringCutsTheTextAndIsNeverStreamed() {
        Generation full = model.generate("The sky", greedy(12), TokenListener.NONE);
        String text = full.text();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        StringBuilder streamed = new StringBuilder();
        Generation cut = model.generate("The sky", greedy(12).withStop(List.of(stop)), streamed::append);
        assertEquals(FinishReason.STOP, cut.finishReason());
        assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
        assertEquals(cut.text(), streamed.toString());
    }

    @Test
    void promptThatDoesNotFitIsAClearError() {
        String longPrompt = "word ".repeat(200);
        ContextOverflowException e = assertThrows(ContextOverflowException.class,
                () -> model.generate(longPrompt, greedy(4), TokenListener.NONE));
        assertEquals(128, e.contextLength());
        assertTrue(e.getMessage().contains("context holds 128"), e.getMessage());
    }

    @Test
    void generationStopsWithLengthAtTheEndOfTheContext() {
        try (JseekModel small = TinyModel.load(12)) {
            int[] prompt = small.tokenize("word word word", true);
            Generation g = small.generate(prompt, greedy(1000), TokenListener.NONE);
            assertEquals(FinishReason.LENGTH, g.finishReason());
            assertEquals(12 - prompt.length, g.tokens().length, "prompt plus answer fill the context");
        }
    }

    @Test
    void callsFromSeveralThreadsDecodeTogetherAndGiveTheirOneByOneAnswers() throws Exception {
        List<String> prompts = List.of("Hello there", "The sky is", "word word word word", "Once upon");
        List<Generation> alone = prompts.stream().map(p -> model.generate(p, greedy(30), TokenListener.NONE))
                .toList();
        long stepsBefore = model.engineMetrics().steps();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(prompts.size())) {
            List<Future<Generation>> together = prompts.stream().map(p -> pool.submit(() -> {
                start.await();
                return model.generate(p, greedy(30), TokenListener.NONE);
            })).toList();
            start.countDown();
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(alone.get(i).tokens(), together.get(i).get().tokens(), prompts.get(i));
                assertEquals(alone.get(i).text(), together.get(i).get().text());
            }
        }
        long steps = model.engineMetrics().steps() - stepsBefore;
        assertTrue(steps < prompts.size() * 30, "four sequences of 30 tokens shared steps: " + steps);
    }

    @Test
    void topLogprobsAreSortedAndSumToAtMostOne() {
        Generation g = model.generate("Hi", greedy(5).withTopLogprobs(4), TokenListener.NONE);
        assertEquals(g.tokens().length, g.topLogprobs().size());
        for (int i = 0; i < g.tokens().length; i++) {
            List<TopLogprob> top = g.topLogprobs().get(i);
            assertEquals(4, top.size());
            assertEquals(g.tokens()[i], top.get(0).id(), "greedy picks the most likely token");
            double sum = 0;
            for (int j = 0; j < top.size(); j++) {
                sum += Math.exp(top.get(j).logprob());
                assertTrue(top.get(j).logprob() <= 0);
                if (j > 0) {
                    assertTrue(top.get(j).logprob() <= top.get(j - 1).logprob());
                }
            }
            assertTrue(sum <= 1.0 + 1e-5, "sum " + sum);
        }
    }

    @Test
    void listenerCanCancel() {
        AtomicInteger seen = new AtomicInteger();
        Generation g = model.generate("Hi", greedy(50), new TokenListener() {
            @Override
            public void onText(String delta) {
                seen.incrementAndGet();
            }

            @Override
            public boolean stopRequested() {
                return seen.get() >= 2;
            }
        });
        assertEquals(FinishReason.CANCELLED, g.finishReason());
        assertTrue(g.tokens().length < 50);
    }

    @Test
    void chatPromptOpensTheReasoningSoEverythingIsReasoningUntilThinkCloses() {
        StringBuilder reasoning = new StringBuilder();
        ChatResult r = model.chat(List.of(ChatMessage.user("Hi")), ChatOptions.of(greedy(6)), new ChatListener() {
            @Override
            public void onReasoning(String delta) {
                reasoning.append(delta);
            }
        });
        String text = r.generation().text();
        assertFalse(text.contains("</think>"), "the random model happened to close its reasoning: " + text);
        assertEquals(text.strip(), r.reasoning());
        assertEquals(r.reasoning(), reasoning.toString());
        assertEquals("", r.content());
    }
}
