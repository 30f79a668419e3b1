package io.jseek.server.backend;

import io.jseek.engine.EngineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.api.testing.ScriptedModel;
import io.jseek.model.fixtures.BatchModels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded load on loopback. On the {@link ScriptedModel}: 16 concurrent streaming clients send 64 requests; every
 * stream must be well-formed and carry exactly the planned reasoning and answer, and the heap after GC must not
 * grow. On a small random model (hidden 512, 8 layers, Q8_0): sixteen concurrent greedy streams get the texts they
 * get alone. Decode throughput at several concurrencies is measured by {@code jseek bench --concurrency} and
 * {@code PagedDecodeBenchmark} (jseek-bench), not here.
 */
@Timeout(600)
class EngineLoadTest {
    private static final int CLIENTS = 16;
    private static final int REQUESTS = 64;
    private static final long HEAP_SLACK = 48L << 20;

    @Test
    void sixteenStreamingClientsGetWellFormedStreamsAndTheHeapIsStable(@TempDir Path dir) throws Exception {
        try (EngineServer server = EngineServer.scripted(ScriptedModel.write(dir.resolve("scripted.gguf")))) {
            streamChats(server, CLIENTS, CLIENTS); // warm-up: JIT, connection and buffer pools
            long before = usedHeapAfterGc();
            List<StreamCheck.Result> results = streamChats(server, CLIENTS, REQUESTS);
            long after = usedHeapAfterGc();
            assertEquals(REQUESTS, results.size());
            for (StreamCheck.Result r : results) {
                assertEquals(ScriptedModel.REASONING, r.reasoning());
                assertEquals(ScriptedModel.ANSWER, r.content());
                assertEquals("stop", r.finishReason());
                assertTrue(r.reasoningEndedBeforeContent());
            }
            System.out.printf("load: %d streams over %d clients; used heap after GC %d MiB before, %d MiB after%n",
                    REQUESTS, CLIENTS, before >> 20, after >> 20);
            assertTrue(after - before < HEAP_SLACK, "heap grew from " + before + " to " + after);
            assertEquals(0, server.backend.metrics().running());
        }
    }

    /** {@code total} streaming chats over {@code clients} concurrent connections; each stream checked. */
    private static List<StreamCheck.Result> streamChats(EngineServer server, int clients, int total)
            throws Exception {
        AtomicLong next = new AtomicLong();
        List<Future<List<StreamCheck.Result>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<StreamCheck.Result> mine = new ArrayList<>();
                    for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        HttpResponse<String> r = server.post("/chat/completions", "{\"model\":\"" + EngineServer.MODEL
                                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Request " + i
                                + "\"}]}");
                        assertEquals(200, r.statusCode(), r.body());
                        mine.add(StreamCheck.parse(EngineServer.sseData(r.body())));
                    }
                    return mine;
                }));
            }
        }
        List<StreamCheck.Result> all = new ArrayList<>();
        for (Future<List<StreamCheck.Result>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Sixteen concurrent greedy completions through the whole server (one engine batch) each get exactly the text of
     * the same request sent alone. Batching changes only the rounding (InvarianceTest bounds it); these prompts have
     * no near-tie that it could flip, so the texts must be equal.
     */
    @Test
    void sixteenConcurrentStreamsGetTheGreedyTextOfEachAlone(@TempDir Path dir) throws Exception {
        Path file = BatchModels.write(BatchModels.llama("load-512x8", 512, 8, 99), dir);
        try (EngineServer server = new EngineServer(file, EngineSettings.of(2, 16, 64, 512, 0, null))) {
            List<String> alone = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                alone.addAll(completions(server, s, 1));
            }
            List<String> together = completions(server, 0, 16);
            assertEquals(alone, together);
            assertTrue(alone.stream().distinct().count() > 1, "the prompts lead to different texts: " + alone);
        }
    }

    /** The greedy texts of {@code n} concurrent completions of prompts {@code first .. first + n)}, in prompt order. */
    private static List<String> completions(EngineServer server, int first, int n) throws Exception {
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = first; s < first + n; s++) {
                int prompt = s;
                futures.add(pool.submit(() -> {
                    HttpResponse<String> r = server.post("/completions", "{\"model\":\"" + EngineServer.MODEL
                            + "\",\"prompt\":\"def fibonacci_" + prompt + "(n):\",\"max_tokens\":24,"
                            + "\"temperature\":0}");
                    assertEquals(200, r.statusCode(), r.body());
                    return EngineServer.json(r.body()).path("choices").path(0).path("text").asText();
                }));
            }
        }
        List<String> texts = new ArrayList<>();
        for (Future<String> f : futures) {
            texts.add(f.get());
        }
        return texts;
    }
}
