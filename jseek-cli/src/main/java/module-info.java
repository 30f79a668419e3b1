/** The {@code jseek} command line. */
module io.jseek.cli {
    requires io.jseek.gguf;
    requires io.jseek.tokenizer;
    requires io.jseek.template;
    requires io.jseek.hub;
    requires io.jseek.convert;
    requires io.jseek.api;
    requires io.jseek.server;
    requires org.jline;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    // serve quietens Jetty, which logs through SLF4J to java.util.logging.
    requires java.logging;
    opens io.jseek.cli to info.picocli;
}
