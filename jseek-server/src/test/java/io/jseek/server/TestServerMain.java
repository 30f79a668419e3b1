package io.jseek.server;

import io.jseek.engine.FinishReason;
import io.jseek.server.ScriptedBackend.Script;
import java.time.Duration;
import java.util.List;

/**
 * Runs the server with the scripted backend, for clients written in other languages
 * ({@code tools/clients/openai}): {@code TestServerMain PORT [API_KEY]}. Requests with tools get a DeepSeek tool
 * call, requests for {@code deepseek-reasoner} get reasoning first, others a plain answer.
 */
public final class TestServerMain {
    private TestServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ScriptedBackend backend = new ScriptedBackend();
        backend.script = TestServerMain::answer;
        ServerConfig config = ServerConfig.defaults(ServerFixture.MODEL, Integer.parseInt(args[0]))
                .withApiKey(args.length > 1 ? args[1] : null).withKeepAlive(Duration.ofSeconds(1));
        ApiServer server = new ApiServer(config, backend).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on http://127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }

    private static Script answer(GenerationRequest request) {
        if (request.prompt() instanceof Prompt.Chat chat && !chat.tools().isEmpty()) {
            return Script.of().content("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n",
                    "```json\n{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>")
                    .finish(FinishReason.STOP);
        }
        Script s = Script.of();
        if (request.prompt() instanceof Prompt.Chat chat && Boolean.TRUE.equals(chat.thinking())) {
            s.reasoning("The user greets me.").reasoning(" I greet back.");
        }
        for (String word : List.of("Hello", ",", " world", "!")) {
            s.delay(30).content(word);
        }
        return s.finish(FinishReason.STOP);
    }
}
