package io.jseek.server.backend;

import io.jseek.engine.EngineSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.engine.EngineMetrics;
import io.jseek.model.fixtures.BatchModels;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up frees its engine sequence at once, streamed or not: the sequence leaves the running batch,
 * its KV blocks are released and no more tokens are generated for it, although its answer had thousands of tokens
 * to go and the server had nothing to write for seconds (keep-alives 5 s apart, the default).
 */
@Timeout(120)
class HangUpTest {
    private static final int MAX_TOKENS = 2000;
    /** A seed whose sampled answer does not end early (over 450 tokens without an end-of-text). */
    private static final int SEED = 1;

    @Test
    void hangingUpFreesTheSequenceBufferedOrStreamed(@TempDir Path dir) throws Exception {
        Path file = BatchModels.write(BatchModels.llama("hangup-256x4", 256, 4, 7), dir);
        try (EngineServer server = new EngineServer(file, EngineSettings.of(2, 2, 4, 2048, 0, null))) {
            hangUpMidAnswer(server, false);
            hangUpMidAnswer(server, true);
        }
    }

    private static void hangUpMidAnswer(EngineServer server, boolean stream) throws Exception {
        long before = server.backend.metrics().generatedTokens();
        byte[] body = ("{\"model\":\"" + EngineServer.MODEL + "\",\"prompt\":\"def fibonacci(n):\",\"max_tokens\":"
                + MAX_TOKENS + ",\"temperature\":1,\"seed\":" + SEED + ",\"stream\":" + stream + "}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            awaitMetrics(server, m -> m.running() == 1 && m.generatedTokens() > before + 8, 30);
        }
        EngineMetrics after = awaitMetrics(server, m -> m.running() == 0, 2);
        assertEquals(0.0, after.kvUsage(), "the sequence's KV blocks are still referenced");
        Thread.sleep(200);
        long generated = server.backend.metrics().generatedTokens() - before;
        assertEquals(after.generatedTokens() - before, generated, "tokens were generated after the cancel");
        assertTrue(generated < MAX_TOKENS, generated + " tokens: the answer ran to its end");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (server.server.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, server.server.inFlight(), "the request is still in flight");
    }

    private static EngineMetrics awaitMetrics(EngineServer server, Predicate<EngineMetrics> condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        EngineMetrics m = server.backend.metrics();
        while (!condition.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            m = server.backend.metrics();
        }
        assertTrue(condition.test(m), "engine state not reached within " + seconds + " s: " + m);
        return m;
    }
}
