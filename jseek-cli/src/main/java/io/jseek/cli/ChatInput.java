package io.jseek.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where {@code jseek chat} reads the user's lines: an interactive terminal ({@link ChatTerminal}) or plain piped
 * lines. Also arms the interrupt key while an answer streams, so that Ctrl-C ends the answer and not the program.
 */
interface ChatInput extends AutoCloseable {
    /** The next line, or null at the end of input. */
    String readLine(String prompt);

    /** Until {@link #endAnswer()}, an interrupt sets {@code stop} instead of ending the program. */
    void beginAnswer(AtomicBoolean stop);

    void endAnswer();

    @Override
    void close();

    /** Lines from a pipe or a file: no prompt, no echo, no interrupt handling. */
    static ChatInput piped(BufferedReader in) {
        return new ChatInput() {
            @Override
            public String readLine(String prompt) {
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void beginAnswer(AtomicBoolean stop) {
            }

            @Override
            public void endAnswer() {
            }

            @Override
            public void close() {
            }
        };
    }
}
