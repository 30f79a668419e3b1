/** The DeepSeek/OpenAI-compatible HTTP API: chat and text completions, FIM, models, health and metrics. */
module io.jseek.server {
    requires transitive io.jseek.engine;
    requires transitive io.jseek.text;
    requires transitive io.jseek.api;
    requires io.javalin;
    // Jetty itself for the socket under a request (ClientWatch).
    requires org.eclipse.jetty.ee10.servlet;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.server;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires com.fasterxml.jackson.databind;
    exports io.jseek.server;
    exports io.jseek.server.backend;
    // Jackson serializes the wire records reflectively.
    opens io.jseek.server to com.fasterxml.jackson.databind;
    opens io.jseek.server.openai to com.fasterxml.jackson.databind;
}
