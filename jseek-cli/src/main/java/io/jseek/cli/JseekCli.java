package io.jseek.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jseek.model.KvCacheMemoryException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
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
                ConvertCommand.class,
                ListCommand.class,
                RmCommand.class,
                RunCommand.class,
                ChatCommand.class,
                ServeCommand.class,
                BenchCommand.class,
                QuantizeCommand.class,
                PerplexityCommand.class,
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
        cli.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError | ExceptionInInitializerError e) {
                // A bad setting read at class initialisation (-Djseek.vector.bits=64) surfaces as the latter.
                parseResult.commandSpec().commandLine().getErr().println("jseek: " + message(e));
                return 1;
            }
        });
        return cli;
    }

    static String message(Throwable e) {
        if (e instanceof KvCacheMemoryException k) {
            return String.format(Locale.ROOT, "out of memory growing the KV cache to %d positions (%.1f MiB): use"
                    + " a smaller --ctx, or give Java more heap (JSEEK_JAVA_OPTS=-Xmx%dg)", k.positions(),
                    k.bytes() / (1024.0 * 1024.0), suggestedHeapGiB(k.bytes()));
        }
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            return message(e.getCause());
        }
        if (e instanceof OutOfMemoryError) {
            return String.format(Locale.ROOT, "out of memory (Java heap of %.1f GiB): use a smaller --ctx or model,"
                    + " or give Java more heap (JSEEK_JAVA_OPTS=-Xmx<size>)", Runtime.getRuntime().maxMemory()
                    / (1024.0 * 1024.0 * 1024.0));
        }
        if (e instanceof NoSuchFileException f && f.getReason() == null) {
            return "no such file or folder: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof JsonProcessingException j) {
            return JsonErrors.describe(j);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The current heap plus what the cache needed, in whole GiB: a heap that would have held it. */
    private static long suggestedHeapGiB(long cacheBytes) {
        return (Runtime.getRuntime().maxMemory() + cacheBytes + (1L << 30) - 1) >> 30;
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
