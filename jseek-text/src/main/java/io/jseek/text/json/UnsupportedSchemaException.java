package io.jseek.text.json;

/**
 * The JSON schema uses a construct that {@link JsonConstraint} cannot enforce, or admits no value at all. Servers
 * map it to a client error (HTTP 400): the request, not the engine, is at fault.
 */
public final class UnsupportedSchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
