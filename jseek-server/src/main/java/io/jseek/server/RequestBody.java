package io.jseek.server;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body under a size limit, before any of it is parsed: a declared {@code Content-Length} above the
 * limit is refused unread, and a chunked body is read only up to one byte past it. Either way the answer is 413.
 */
final class RequestBody {
    private RequestBody() {
    }

    static JsonNode json(HttpServletRequest request, long limit) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw ApiException.tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw ApiException.badRequest(null, "Could not read the request body: " + e.getMessage());
        }
        if (body.length > limit) {
            throw ApiException.tooLarge(limit);
        }
        return Json.parse(body);
    }
}
