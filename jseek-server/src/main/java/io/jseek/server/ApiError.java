package io.jseek.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The error body clients parse: {@code {error: {message, type, param, code}}} (null param and code kept). */
public record ApiError(Detail error) {

    /** The error object. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }
}
