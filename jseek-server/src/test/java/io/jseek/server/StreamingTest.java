package io.jseek.server;

import static io.jseek.server.ServerFixture.MODEL;
import static io.jseek.server.ServerFixture.chatBody;
import static io.jseek.server.ServerFixture.sseData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.engine.FinishReason;
import io.jseek.server.ScriptedBackend.Script;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timing behaviour of streams: keep-alives while waiting, disconnects, shutdown. */
class StreamingTest {
    private final ServerFixture f = new ServerFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void keepAliveCommentsWhileTheFirstTokenIsSlow() {
        f.backend.script = r -> Script.of().delay(900).content("late").finish(FinishReason.STOP);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, true, ""));
        assertEquals(200, res.statusCode());
        int keepAlives = res.body().split(": keep-alive\n\n", -1).length - 1;
        assertTrue(keepAlives >= 2, res.body());
        assertTrue(sseData(res.body()).stream().anyMatch(d -> d.contains("\"late\"")));
        assertEquals("[DONE]", sseData(res.body()).getLast());
    }

    @Test
    void nonStreamingAnswerIsPrecededByBlankLinesWhileWaiting() {
        f.backend.script = r -> Script.of().delay(700).content("ok").finish(FinishReason.STOP);
        HttpResponse<String> res = f.post("/chat/completions", chatBody(MODEL, false, ""));
        assertEquals(200, res.statusCode());
        assertTrue(res.body().startsWith("\n"), res.body());
        assertEquals("ok", ServerFixture.json(res).get("choices").get(0).get("message").get("content").asText());
    }

    @Test
    void clientDisconnectMidStreamCancelsTheBackendRequest() throws Exception {
        Script endless = Script.of();
        for (int i = 0; i < 2000; i++) {
            endless.content("tok" + i + " ").delay(20);
        }
        endless.finish(FinishReason.STOP);
        f.backend.script = r -> endless;
        HttpRequest request = f.request("/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(MODEL, true, ""))).build();
        HttpResponse<InputStream> res = f.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int events = 0;
            for (String line = reader.readLine(); events < 5; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
        }
        assertTrue(f.backend.cancelled.await(10, TimeUnit.SECONDS), "the backend request was not cancelled");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (f.server.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, f.server.inFlight());
    }

    /**
     * A client that hangs up while nothing is being written (a buffered answer between keep-alives, here 30 s
     * apart) is noticed from its socket, not from a failed write: its request is cancelled at once.
     */
    @Test
    void clientHangingUpOnABufferedAnswerCancelsTheBackendRequestAtOnce() throws Exception {
        try (ServerFixture quiet = new ServerFixture(c -> c.withKeepAlive(Duration.ofSeconds(30)))) {
            assertCancelledOnHangUp(quiet, false);
        }
    }

    @Test
    void clientHangingUpOnAStreamCancelsTheBackendRequestAtOnce() throws Exception {
        try (ServerFixture quiet = new ServerFixture(c -> c.withKeepAlive(Duration.ofSeconds(30)))) {
            assertCancelledOnHangUp(quiet, true);
        }
    }

    /** Sends a request whose answer would take 40 s, hangs up once it is being generated, expects a cancel. */
    private static void assertCancelledOnHangUp(ServerFixture server, boolean stream) throws Exception {
        server.backend.script = r -> Script.of().reasoning("thinking").delay(40_000).content("late")
                .finish(FinishReason.STOP);
        byte[] body = chatBody(MODEL, stream, "").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.server.inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, server.server.inFlight());
        }
        assertTrue(server.backend.cancelled.await(2, TimeUnit.SECONDS), "the backend request was not cancelled");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (server.server.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.server.inFlight());
    }

    @Test
    void shutdownEndsRunningStreamsCleanly() throws Exception {
        Script slow = Script.of();
        for (int i = 0; i < 500; i++) {
            slow.content("t").delay(20);
        }
        f.backend.script = r -> slow.finish(FinishReason.STOP);
        HttpRequest request = f.request("/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(MODEL, true, ""))).build();
        var pending = f.client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (f.server.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        f.server.close();
        String body = pending.get(10, TimeUnit.SECONDS).body();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        assertTrue(body.contains("shutting down"), body);
    }
}
