package io.jseek.server.openai;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The raw HTTP response of a generation request, written and flushed piece by piece (SSE events, keep-alive
 * lines, the final body). The status line goes out with the first write; until then an error can still become a
 * proper HTTP status. A failed write means the client went away and surfaces as {@link ClientGoneException}.
 */
final class ResponseChannel {
    private final HttpServletResponse response;
    private ServletOutputStream out;

    ResponseChannel(HttpServletResponse response) {
        this.response = response;
    }

    /** Whether the status line and headers have gone out. */
    boolean committed() {
        return out != null;
    }

    /** Sends status 200 with {@code contentType}, once; later calls do nothing. */
    void begin(String contentType, boolean eventStream) {
        if (out != null) {
            return;
        }
        response.setStatus(200);
        response.setContentType(contentType);
        if (eventStream) {
            response.setHeader("Cache-Control", "no-cache");
            // Tells nginx-style proxies not to buffer the stream.
            response.setHeader("X-Accel-Buffering", "no");
        }
        try {
            out = response.getOutputStream();
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    /**
     * Ends the response (for chunked bodies, the terminating chunk) while the request still counts as in flight,
     * so that a shutdown right after cannot cut it.
     */
    void complete() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                // The client is gone; there is nothing left to tell it.
            }
        }
    }
}
