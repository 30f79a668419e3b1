package io.jseek.server;

/**
 * An HTTP error in OpenAI's shape, {@code {error: {message, type, param, code}}}. Thrown anywhere in a handler;
 * {@link ApiServer} writes it. The factories fix the type/code pairs that clients switch on.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final int retryAfterSeconds;

    public ApiException(int status, String type, String code, String param, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: the body is not JSON, not an object, or a field has the wrong type. */
    public static ApiException badRequest(String param, String message) {
        return new ApiException(400, "invalid_request_error", "invalid_request", param, message, 0);
    }

    /** 422: well-formed, but a value is out of range or not allowed. */
    public static ApiException invalidParameter(String param, String message) {
        return new ApiException(422, "invalid_request_error", "invalid_parameter", param, message, 0);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "authentication_error", "invalid_api_key", null,
                "Authentication Fails, Your api key is invalid", 0);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "model_not_found", "model",
                "The model `" + model + "` does not exist", 0);
    }

    public static ApiException notFound(String path) {
        return new ApiException(404, "invalid_request_error", "not_found", null, "No such endpoint: " + path, 0);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "invalid_request_error", "request_too_large", null,
                "The request body exceeds " + limit + " bytes", 0);
    }

    public static ApiException queueFull(String message, int retryAfterSeconds) {
        return new ApiException(429, "rate_limit_error", "rate_limit_exceeded", null, message,
                Math.max(1, retryAfterSeconds));
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "server_error", "server_overloaded", null, message, 0);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "server_error", "internal_error", null, message, 0);
    }

    public int status() {
        return status;
    }

    /** The JSON body. */
    public ApiError body() {
        return new ApiError(new ApiError.Detail(getMessage(), type, param, code));
    }

    /** Seconds for {@code Retry-After}; 0 when there is none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
