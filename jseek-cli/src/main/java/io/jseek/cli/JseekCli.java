package io.jseek.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jseek} command line: one subcommand per verb. */
@Command(name = "jseek",
        mixinStandardHelpOptions = true,
        versionProvider = JseekCli.Version.class,
        description = "DeepSeek-family language models, run and served from pure Java.",
        subcommands = {
                InfoCommand.class,
                TokenizeCommand.class,
                PullCommand.class,
                ListCommand.class,
                RmCommand.class,
                RunCommand.class,
                ChatCommand.class,
                ServeCommand.class,
                BenchCommand.class,
                GenModelCommand.class,
                CommandLine.HelpCommand.class
        })
public final class JseekCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with jseek's error handling: one clear line on stderr, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new JseekCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jseek: " + message(e));
            if (Boolean.getBoolean("jseek.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JseekCli.class.getPackage().getImplementationVersion();
            return new String[] {"jseek " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
