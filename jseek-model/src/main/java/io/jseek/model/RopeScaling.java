package io.jseek.model;

/** The {@code {arch}.rope.scaling.type} values llama.cpp understands, minus longrope. */
public enum RopeScaling {
    NONE,
    LINEAR,
    YARN;

    /** Parses the metadata string; absent means {@link #LINEAR} (with factor 0, i.e. no scaling), as in llama.cpp. */
    public static RopeScaling parse(String value) throws ModelLoadException {
        return switch (value == null ? "linear" : value) {
            case "none" -> NONE;
            case "linear" -> LINEAR;
            case "yarn" -> YARN;
            default -> throw new ModelLoadException("rope.scaling.type '" + value
                    + "' is not supported (supported: none, linear, yarn)");
        };
    }
}
