package io.jseek.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code jseek} command line in-process with stdin, stdout and stderr redirected. */
record RunCli(int exit, String out, String err) {

    /** Runs {@code jseek args} with {@code stdin} as standard input. */
    static RunCli run(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return exec(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** Runs {@code jseek args}, standard input untouched (for commands that do not read it). */
    static RunCli exec(String... args) {
        CommandLine cli = JseekCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new RunCli(exit, out.toString(), err.toString());
    }
}
