package io.jseek.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.api.testing.ScriptedModel;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
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
 * grow. On a small random model (hidden 512, 8 layers, Q8_0): aggregate decode throughput at 1, 4, 8 and 16
 * concurrent streams through the whole server, printed and not asserted (shared CI machines are too noisy).
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

    @Test
    void decodeThroughputAt1To16Streams(@TempDir Path dir) throws Exception {
        RandomModelSpec spec = new RandomModelSpec("bench-512x8", "llama", "ggml-vocab-deepseek-coder.gguf", 512, 8,
                8, 8, 1536, 2048, 10000f, 0f, false, false, GgmlType.Q8_0, 99);
        Path file = dir.resolve("bench.gguf");
        RandomModelWriter.write(spec, ScriptedModel.TESTDATA.resolve("tokenizer").resolve(spec.vocab()), file);
        int threads = Math.min(Integer.getInteger("jseek.bench.threads", 4),
                Runtime.getRuntime().availableProcessors());
        try (EngineServer server = new EngineServer(file, EngineSettings.of(threads, 16, 64, 512, 0, null))) {
            completions(server, 16, 16); // warm-up: JIT at every batch width
            completions(server, 1, 16);
            double one = completions(server, 1, 32);
            double four = completions(server, 4, 32);
            double eight = completions(server, 8, 32);
            double sixteen = completions(server, 16, 32);
            System.out.printf("server decode throughput, %s, %d threads, %d cores: 1 stream %.1f tok/s, 4 %.1f"
                    + " (%.2fx), 8 %.1f (%.2fx), 16 %.1f (%.2fx)%n", spec.name(), threads,
                    Runtime.getRuntime().availableProcessors(), one, four, four / one, eight, eight / one, sixteen,
                    sixteen / one);
        }
    }

    /** Aggregate completion tokens per second of {@code streams} concurrent requests of {@code tokens} each. */
    private static double completions(EngineServer server, int streams, int tokens) throws Exception {
        long start = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < streams; s++) {
                int seed = s;
                futures.add(pool.submit(() -> {
                    HttpResponse<String> r = server.post("/completions", "{\"model\":\"" + EngineServer.MODEL
                            + "\",\"prompt\":\"def fibonacci_" + seed + "(n):\",\"max_tokens\":" + tokens
                            + ",\"temperature\":1.0,\"seed\":" + seed + "}");
                    assertEquals(200, r.statusCode(), r.body());
                    JsonNode usage = EngineServer.json(r.body()).path("usage");
                    return usage.path("completion_tokens").asInt();
                }));
            }
        }
        long generated = 0;
        for (Future<Integer> f : futures) {
            generated += f.get();
        }
        return generated / ((System.nanoTime() - start) / 1e9);
    }
}
