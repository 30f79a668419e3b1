package io.jseek.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.model.SamplerParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EngineTest {
    /** Events of one request up to and including its {@code Finished}. */
    private static List<EngineEvent> readAll(EventStream stream) throws InterruptedException {
        List<EngineEvent> events = new ArrayList<>();
        while (events.isEmpty() || !(events.getLast() instanceof EngineEvent.Finished)) {
            events.add(stream.take());
        }
        return events;
    }

    private static List<Integer> tokens(List<EngineEvent> events) {
        return events.stream().filter(e -> e instanceof EngineEvent.Token)
                .map(e -> ((EngineEvent.Token) e).token()).toList();
    }

    @Test
    void cancelFreesBlocksWhileAStepIsInFlight() throws Exception {
        TestEngines t = new TestEngines(new EngineConfig(4, 8, 32, 512), 4, 64);
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger steps = new AtomicInteger();
        t.runner.beforeStep(() -> {
            if (steps.incrementAndGet() == 3) {
                inStep.countDown();
                awaitQuietly(release);
            }
        });
        t.engine.start();
        EventStream stream = new EventStream();
        long id = t.engine.submit(TestEngines.request(TestEngines.prompt(1, 40), 200), stream);
        assertTrue(inStep.await(10, TimeUnit.SECONDS));
        assertTrue(t.engine.metrics().kvUsage() > 0);
        assertTrue(t.engine.cancel(id));
        assertEquals(0.0, t.engine.metrics().kvUsage(), "blocks are free before the step returns");
        assertFalse(t.engine.cancel(id), "a second cancel finds nothing");
        release.countDown();
        List<EngineEvent> events = readAll(stream);
        assertEquals(FinishReason.CANCELLED, ((EngineEvent.Finished) events.getLast()).reason());
        assertNull(stream.poll(50, TimeUnit.MILLISECONDS), "nothing after Finished");

        int[] prompt = TestEngines.prompt(2, 10);
        EventStream next = new EventStream();
        t.engine.submit(TestEngines.request(prompt, 6), next);
        assertEquals(t.expected(prompt, 6), tokens(readAll(next)), "the engine carries on");
        t.engine.close();
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFullQueueIsReportedWithARetryHint() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(2, 2, 8, 64), 4, 16);
        t.submit(TestEngines.prompt(1, 5), 3);
        t.submit(TestEngines.prompt(2, 5), 3);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> t.submit(TestEngines.prompt(3, 5), 3));
        assertEquals(RequestRejectedException.Kind.QUEUE_FULL, e.kind());
        assertEquals(429, e.kind().httpStatus());
        assertTrue(e.retryAfterSeconds() >= 1);
        assertEquals(1, t.engine.metrics().rejectedRequests());
        t.engine.runStep();
        t.submit(TestEngines.prompt(3, 5), 3);
    }

    @Test
    void aPromptThatCannotFitTheContextIsRejectedUpFront() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(2, 4, 8, 32), 4, 16);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> t.submit(TestEngines.prompt(1, 32), 3));
        assertEquals(RequestRejectedException.Kind.CONTEXT_TOO_LONG, e.kind());
        assertEquals(400, e.kind().httpStatus());
        RecordingSink sink = t.submit(TestEngines.prompt(1, 31), 100);
        t.drain();
        assertTrue(sink.tokens.size() <= 1, "the completion is cut at the context");

        TestEngines smallPool = new TestEngines(new EngineConfig(2, 4, 8, 1000), 4, 4);
        assertEquals(16, smallPool.engine.contextLimit(), "a sequence can never outgrow the pool");
        assertThrows(RequestRejectedException.class, () -> smallPool.submit(TestEngines.prompt(1, 20), 3));
    }

    @Test
    void invalidRequestsAreRejected() {
        TestEngines t = new TestEngines(new EngineConfig(2, 4, 8, 64), 4, 16);
        RequestRejectedException empty = assertThrows(RequestRejectedException.class,
                () -> t.submit(new int[0], 3));
        assertEquals(RequestRejectedException.Kind.INVALID, empty.kind());
        assertThrows(RequestRejectedException.class, () -> t.submit(new int[] {1, TestEngines.VOCAB}, 3));
        Request badBias = new Request(new int[] {1}, 3,
                SamplerParams.greedy().withLogitBias(Map.of(TestEngines.VOCAB + 5, 1f)), Set.of());
        assertThrows(RequestRejectedException.class, () -> t.engine.submit(badBias, new RecordingSink()));
    }

    @Test
    void stopTokensLengthAndStopByTheServer() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(4, 8, 32, 256), 4, 64);
        RecordingSink byLength = t.submit(longRunningPrompt(t, 0), 5);
        RecordingSink stoppedByServer = t.submit(longRunningPrompt(t, 1), 50);
        t.engine.runStep();
        t.engine.runStep();
        assertTrue(t.engine.stop(2));
        t.drain();
        assertEquals(FinishReason.LENGTH, byLength.finished.reason());
        assertEquals(5, byLength.finished.usage().completionTokens());
        assertEquals(FinishReason.STOP, stoppedByServer.finished.reason());
        assertEquals(2, stoppedByServer.tokens.size());

        int[] stopping = stoppingPrompt(t);
        RecordingSink byToken = t.submit(stopping, 100);
        t.drain();
        assertEquals(FinishReason.STOP, byToken.finished.reason());
        assertEquals(t.expected(stopping, 100), byToken.tokens);
    }

    /** A prompt whose scripted completion runs at least 60 tokens without a stop token. */
    private static int[] longRunningPrompt(TestEngines t, long skip) {
        long found = -1;
        for (long seed = 1; ; seed++) {
            int[] p = TestEngines.prompt(seed, 6);
            if (t.expected(p, 60).size() == 60 && ++found == skip) {
                return p;
            }
        }
    }

    /** A prompt whose scripted completion reaches the stop token within 100 tokens. */
    private static int[] stoppingPrompt(TestEngines t) {
        for (long seed = 1; ; seed++) {
            int[] p = TestEngines.prompt(seed, 6);
            if (t.expected(p, 100).size() < 100) {
                return p;
            }
        }
    }

    @Test
    void aFailingRunnerErrorsTheStepsSequencesOnly() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(4, 8, 32, 256), 4, 64);
        AtomicInteger calls = new AtomicInteger();
        t.runner.beforeStep(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
        });
        RecordingSink failed = t.submit(TestEngines.prompt(1, 9), 5);
        t.drain();
        assertEquals(FinishReason.ERROR, failed.finished.reason());
        assertTrue(failed.finished.error().contains("boom"));
        assertEquals(0, t.engine.scheduler().blocks().usedBlocks());
        int[] prompt = TestEngines.prompt(2, 9);
        RecordingSink ok = t.submit(prompt, 5);
        t.drain();
        assertEquals(t.expected(prompt, 5), ok.tokens);
    }

    @Test
    void aSinkThatThrowsCancelsItsRequest() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(4, 8, 32, 256), 4, 64);
        List<EngineEvent> seen = new ArrayList<>();
        t.engine.submit(TestEngines.request(longRunningPrompt(t, 0), 50), e -> {
            seen.add(e);
            if (e instanceof EngineEvent.Token) {
                throw new IllegalStateException("client gone");
            }
        });
        t.drain();
        assertEquals(2, seen.size());
        assertEquals(FinishReason.CANCELLED, assertInstanceOf(EngineEvent.Finished.class, seen.get(1)).reason());
        assertEquals(0, t.engine.scheduler().blocks().usedBlocks());
    }

    @Test
    void closeCancelsLiveRequestsAndRefusesNewOnes() throws RequestRejectedException {
        TestEngines t = new TestEngines(new EngineConfig(4, 8, 32, 256), 4, 64);
        RecordingSink live = t.submit(TestEngines.prompt(1, 9), 5);
        t.engine.close();
        assertEquals(FinishReason.CANCELLED, live.finished.reason());
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> t.submit(TestEngines.prompt(1, 9), 5));
        assertEquals(RequestRejectedException.Kind.SHUT_DOWN, e.kind());
    }

    @Test
    void manyClientsOnVirtualThreadsGetTheirOwnCompletions() throws Exception {
        TestEngines t = new TestEngines(new EngineConfig(4, 64, 16, 256), 4, 48);
        t.engine.start();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    for (int r = 0; r < 4; r++) {
                        int[] prompt = TestEngines.prompt(client * 10L + r, 3 + (client * 7 + r * 5) % 30);
                        EventStream stream = new EventStream();
                        t.engine.submit(TestEngines.request(prompt, 12), stream);
                        if (!tokens(readAll(stream)).equals(t.expected(prompt, 12))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        }
        t.engine.close();
        EngineMetrics m = t.engine.metrics();
        assertEquals(0, m.running());
        assertEquals(0.0, m.kvUsage());
        assertTrue(m.generatedTokens() > 0 && m.steps() > 0);
        assertTrue(t.runner.problems().isEmpty(), t.runner.problems()::toString);
    }
}
