package io.jseek.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive input of {@code jseek chat}: JLine line editing with a history kept in
 * {@code ~/.jseek/chat_history}. Ctrl-C while typing clears the line; Ctrl-C while an answer streams stops the
 * answer (the INT handler is swapped in for its duration); Ctrl-D or end of input ends the chat.
 */
final class ChatTerminal implements ChatInput {
    private final Terminal terminal;
    private final LineReader reader;
    private Terminal.SignalHandler previous;

    ChatTerminal(Path historyFile) throws IOException {
        terminal = TerminalBuilder.builder().system(true).build();
        reader = LineReaderBuilder.builder().terminal(terminal).appName("jseek")
                .variable(LineReader.HISTORY_FILE, historyFile).build();
    }

    /** Where answers are written: the terminal itself. */
    PrintWriter writer() {
        return terminal.writer();
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                terminal.writer().println("(Ctrl-D or /exit to leave)");
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void beginAnswer(AtomicBoolean stop) {
        previous = terminal.handle(Terminal.Signal.INT, signal -> stop.set(true));
    }

    @Override
    public void endAnswer() {
        if (previous != null) {
            terminal.handle(Terminal.Signal.INT, previous);
            previous = null;
        }
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
