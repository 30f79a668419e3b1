package io.jseek.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.jseek.server.ClientWatch;
import io.jseek.server.CompletionBackend;
import io.jseek.server.InFlight;
import io.jseek.server.ModelNames;
import io.jseek.server.Prompt;
import io.jseek.server.metrics.ServerMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;

/**
 * The generation endpoints of the OpenAI/DeepSeek dialect, independent of the web framework: each takes a parsed
 * body and the raw request and response, and writes the answer (or throws an {@link io.jseek.server.ApiException}
 * while nothing has been written). A client that hangs up cancels its generation at once ({@link ClientWatch}).
 */
public final class OpenAiEndpoints {
    private final CompletionBackend backend;
    private final ModelNames models;
    private final InFlight inFlight;
    private final ServerMetrics metrics;
    private final Duration keepAlive;
    private final ClientWatch clients;
    private final ChatRequestParser chatParser;
    private final TextRequestParser textParser;

    public OpenAiEndpoints(CompletionBackend backend, ModelNames models, InFlight inFlight, ServerMetrics metrics,
                           Duration keepAlive, ClientWatch clients) {
        this.backend = backend;
        this.models = models;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.keepAlive = keepAlive;
        this.clients = clients;
        this.chatParser = new ChatRequestParser(models);
        this.textParser = new TextRequestParser(models);
    }

    /** {@code POST /chat/completions}. */
    public void chat(JsonNode body, HttpServletRequest httpRequest, HttpServletResponse response) {
        ChatCompletionRequest request = chatParser.parse(body);
        ResponseChannel channel = new ResponseChannel(response);
        AnswerOutput output = request.stream()
                ? new ChatStreamOutput(channel, request.model(), request.includeUsage())
                : new ChatBufferedOutput(channel, request.model(), request.generation().logprobs());
        new GenerationRun(backend, inFlight, metrics.start("chat"), keepAlive)
                .run(request.generation(), request.parseToolCalls(), output,
                        onGone -> clients.watch(httpRequest, onGone));
    }

    /** {@code POST /completions} and {@code /beta/completions}. */
    public void completion(JsonNode body, HttpServletRequest httpRequest, HttpServletResponse response) {
        TextCompletionRequest request = textParser.parse(body);
        ResponseChannel channel = new ResponseChannel(response);
        String echo = request.echo() ? ((Prompt.Text) request.generation().prompt()).text() : null;
        AnswerOutput output = new TextOutput(channel, request.model(), request.stream(), request.includeUsage(),
                request.generation().logprobs(), echo);
        new GenerationRun(backend, inFlight, metrics.start("completions"), keepAlive)
                .run(request.generation(), false, output, onGone -> clients.watch(httpRequest, onGone));
    }

    /** {@code GET /models}. */
    public ModelList models() {
        long created = System.currentTimeMillis() / 1000;
        return new ModelList("list", models.listed().stream()
                .map(id -> new ModelList.Model(id, "model", created, "jseek")).toList());
    }

    /** The body of {@code GET /models}. */
    public record ModelList(String object, List<Model> data) {
        /** One entry. */
        public record Model(String id, String object, long created, String ownedBy) {
        }
    }
}
