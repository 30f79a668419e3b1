package io.jseek.cli;

import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.api.Timings;
import io.jseek.engine.FinishReason;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The conversation loop of {@code jseek chat}: reads a line, runs a slash command or answers it, and keeps the
 * messages (answers are stored without their reasoning in the content, as the R1 templates expect). Errors of one
 * turn (a prompt that outgrew the context, a bad file) are reported and the chat goes on.
 */
final class ChatSession {
    static final String HELP = """
            /clear          forget the conversation (the system prompt stays)
            /system TEXT    set the system prompt (empty TEXT removes it)
            /save FILE      write the conversation as JSON
            /load FILE      read a conversation written by /save
            /stats          tokens and speed of the last answer, context use, memory
            /help           this list
            /exit           leave (also Ctrl-D); Ctrl-C stops an answer""";

    private final JseekModel model;
    private final ChatOptions options;
    private final ChatInput input;
    private final PrintWriter out;
    private final boolean ansi;
    private final boolean hideReasoning;
    private final List<ChatMessage> messages = new ArrayList<>();
    private String system;
    private ChatResult last;

    ChatSession(JseekModel model, ChatOptions options, ChatInput input, PrintWriter out, boolean ansi,
                boolean hideReasoning, String system) {
        this.model = model;
        this.options = options;
        this.input = input;
        this.out = out;
        this.ansi = ansi;
        this.hideReasoning = hideReasoning;
        this.system = system;
    }

    void run() {
        for (String line = input.readLine(">>> "); line != null; line = input.readLine(">>> ")) {
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                if (text.startsWith("/")) {
                    if (!command(text)) {
                        return;
                    }
                } else {
                    answer(line);
                }
            } catch (IOException | RuntimeException e) {
                out.println("error: " + JseekCli.message(e));
            }
            out.flush();
        }
    }

    /** Runs a slash command; false for {@code /exit}. */
    private boolean command(String text) throws IOException {
        int space = text.indexOf(' ');
        String name = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String arg = space < 0 ? "" : text.substring(space + 1).strip();
        switch (name) {
            case "/exit", "/bye", "/quit" -> {
                return false;
            }
            case "/clear" -> {
                messages.clear();
                last = null;
                out.println("(conversation cleared)");
            }
            case "/system" -> {
                system = arg.isEmpty() ? null : arg;
                out.println(system == null ? "(system prompt removed)" : "(system prompt set)");
            }
            case "/save" -> {
                List<ChatMessage> all = conversation();
                ChatTranscript.save(Path.of(requireArg(name, arg)), all);
                out.println("(saved " + all.size() + " messages to " + arg + ")");
            }
            case "/load" -> load(Path.of(requireArg(name, arg)));
            case "/stats" -> stats();
            case "/help" -> out.println(HELP);
            default -> out.println("unknown command " + name + "; /help lists them");
        }
        return true;
    }

    private static String requireArg(String command, String arg) {
        if (arg.isEmpty()) {
            throw new IllegalArgumentException(command + " needs a file name");
        }
        return arg;
    }

    private void load(Path file) throws IOException {
        List<ChatMessage> loaded = ChatTranscript.load(file);
        messages.clear();
        last = null;
        system = null;
        for (ChatMessage m : loaded) {
            if (m.role().equals("system")) {
                system = m.content();
            } else {
                messages.add(m);
            }
        }
        out.println("(loaded " + loaded.size() + " messages from " + file + ")");
    }

    /** The system prompt followed by the turns so far. */
    private List<ChatMessage> conversation() {
        List<ChatMessage> all = new ArrayList<>();
        if (system != null) {
            all.add(ChatMessage.system(system));
        }
        all.addAll(messages);
        return all;
    }

    private void answer(String line) {
        messages.add(ChatMessage.user(line));
        AtomicBoolean stop = new AtomicBoolean();
        ChatPrinter printer = new ChatPrinter(out, ansi, hideReasoning, stop);
        input.beginAnswer(stop);
        try {
            last = model.chat(conversation(), options, printer);
        } catch (RuntimeException e) {
            messages.removeLast();
            throw e;
        } finally {
            input.endAnswer();
        }
        printer.finish();
        messages.add(last.message());
        Timings t = last.generation().timings();
        String note = last.finishReason() == FinishReason.CANCELLED ? "stopped, "
                : last.finishReason() == FinishReason.LENGTH ? "cut at the token limit, " : "";
        out.printf(Locale.ROOT, "(%s%d tokens, %.1f tok/s)%n", note, t.generatedTokens(), t.decodeTokensPerSecond());
    }

    private void stats() {
        if (last == null) {
            out.println("(no answer in this conversation yet)");
            out.printf(Locale.ROOT, "context: 0 of %d tokens%n", model.contextLength());
            return;
        }
        Timings t = last.generation().timings();
        int used = t.promptTokens() + t.generatedTokens();
        out.printf(Locale.ROOT, "prompt: %d tokens (%d reused from the cache), %.1f tok/s%n", t.promptTokens(),
                t.reusedTokens(), t.prefillTokensPerSecond());
        out.printf(Locale.ROOT, "answer: %d tokens, %.1f tok/s, finish: %s%n", t.generatedTokens(),
                t.decodeTokensPerSecond(), last.finishReason().wireName());
        out.printf(Locale.ROOT, "context: %d of %d tokens%n", used, model.contextLength());
        long rss = RunMemory.peakRssBytes();
        if (rss > 0) {
            out.printf(Locale.ROOT, "peak memory: %.1f MiB%n", rss / (1024.0 * 1024.0));
        }
    }
}
