package io.jseek.cli;

import io.jseek.api.ChatOptions;
import io.jseek.api.JseekModel;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek chat}: an interactive conversation. On a terminal, JLine gives line editing and history and answers
 * stream with the reasoning dimmed; with piped stdin, every line is a user turn or a slash command and output is
 * plain text, which is how scripts and tests drive it.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a model: streamed answers, reasoning shown dimmed.", "Commands:",
                ChatSession.HELP})
final class ChatCommand implements Callable<Integer> {
    @Mixin
    RunModelFlags flags;

    @Option(names = "--system", paramLabel = "TEXT", description = "System prompt.")
    String system;

    @Option(names = "--hide-reasoning", description = "Do not show the reasoning, only the answer.")
    boolean hideReasoning;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ChatOptions options = ChatOptions.of(flags.generateOptions(0));
        try (JseekModel model = flags.load(err)) {
            if (!model.hasChatTemplate()) {
                throw new IllegalArgumentException(model.path().getFileName() + " has no chat template; use jseek"
                        + " run --raw");
            }
            if (isTerminal()) {
                try (ChatTerminal terminal = new ChatTerminal(historyFile())) {
                    PrintWriter out = terminal.writer();
                    out.println("Chatting with " + model.path().getFileName() + ". /help for commands.");
                    new ChatSession(model, options, terminal, out, true, hideReasoning, system).run();
                }
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                new ChatSession(model, options, ChatInput.piped(in), spec.commandLine().getOut(), false,
                        hideReasoning, system).run();
            }
        }
        return 0;
    }

    /** Whether stdin and stdout are a terminal (JDK 22+: a console exists even when redirected). */
    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private static Path historyFile() throws IOException {
        Path dir = HomeFlag.environment().home();
        Files.createDirectories(dir);
        return dir.resolve("chat_history");
    }
}
