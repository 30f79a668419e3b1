package io.jseek.server.openai;

/** Writing to the client failed: it disconnected. Unchecked so that it can cross text-filter callbacks. */
final class ClientGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGoneException(Throwable cause) {
        super("the client disconnected", cause);
    }
}
