/** The serving engine: continuous batching over a paged KV cache with automatic prefix caching. */
module io.jseek.engine {
    requires transitive io.jseek.model;
    exports io.jseek.engine;
}
