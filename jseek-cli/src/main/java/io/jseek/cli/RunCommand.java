package io.jseek.cli;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.Generation;
import io.jseek.api.JseekModel;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek run}: one prompt, one answer. By default the prompt is a user turn formatted with the model's chat
 * template, and the answer's reasoning is split from it; {@code --raw} feeds the text as-is (special-token markup
 * recognised, BOS added where the model adds one). Text output streams the answer to stdout and the reasoning to
 * stderr; {@code --output json} prints one object with token ids, texts, finish reason, timings and logprobs.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Generate an answer to one prompt, streamed to stdout, or as one JSON object.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    RunModelFlags flags;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT|-", description = "The prompt; - reads stdin.")
    String prompt;

    @Option(names = "--raw", description = "No chat template: continue the prompt text as-is.")
    boolean raw;

    @Option(names = "--system", paramLabel = "TEXT", description = "System prompt (not with --raw).")
    String system;

    @Option(names = "--top-logprobs", paramLabel = "K", defaultValue = "0",
            description = "With --output json: the K (at most 20) most likely tokens at each generated position.")
    int topLogprobs;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (streamed) or json (one object at the end). Default: ${DEFAULT-VALUE}.")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean json = switch (output.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new IllegalArgumentException("--output must be text or json, got " + output);
        };
        RunModelFlags.check(topLogprobs >= 0 && topLogprobs <= RunModelFlags.MAX_TOP_LOGPROBS,
                "--top-logprobs must be in [0, " + RunModelFlags.MAX_TOP_LOGPROBS + "], got " + topLogprobs);
        RunModelFlags.check(topLogprobs == 0 || json, "--top-logprobs needs --output json (text output has no"
                + " place for them)");
        if (raw && system != null) {
            throw new IllegalArgumentException("--system needs the chat template; it cannot go with --raw");
        }
        GenerateOptions options = flags.generateOptions(topLogprobs);
        String text = prompt.equals("-") ? new InputStreamReader(System.in, StandardCharsets.UTF_8).readAllAsString()
                : prompt;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (JseekModel model = flags.load(err)) {
            if (raw) {
                Generation g = model.generate(text, options, json ? d -> { } : d -> print(out, d));
                finish(out, json, g, g.text(), "");
            } else {
                ChatResult r = model.chat(messages(text), ChatOptions.of(options), json ? ChatListener.NONE
                        : streaming(out, err));
                finish(out, json, r.generation(), r.content(), r.reasoning());
            }
        }
        return 0;
    }

    private List<ChatMessage> messages(String text) {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(text));
        return messages;
    }

    private static ChatListener streaming(PrintWriter out, PrintWriter err) {
        return new ChatListener() {
            @Override
            public void onReasoning(String delta) {
                print(err, delta);
            }

            @Override
            public void onContent(String delta) {
                print(out, delta);
            }
        };
    }

    private static void print(PrintWriter w, String delta) {
        w.print(delta);
        w.flush();
    }

    private void finish(PrintWriter out, boolean json, Generation g, String text, String reasoning) {
        if (json) {
            out.println(RunJson.of(g, text, reasoning, topLogprobs > 0));
        } else {
            out.println();
        }
        out.flush();
    }
}
