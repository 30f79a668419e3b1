package io.jseek.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.gguf.GgufFile;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jseek tokenize}: text on stdin to token ids on stdout, or back with {@code --detokenize}. Reads only the
 * tokenizer, so vocab-only GGUF files work (and Hugging Face tokenizer.json files, for comparisons).
 *
 * <p>Formats: without {@code --jsonl} the whole of stdin is one text (taken verbatim, a final newline included)
 * and the output one JSON array; with {@code --jsonl} every input line is a JSON string and every output line a
 * JSON array (blank input lines are skipped, as JSON Lines readers do). {@code --detokenize} swaps the roles: arrays in, raw text out (JSON strings with {@code --jsonl}).
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize stdin with a model's tokenizer (or detokenize ids); prints JSON.")
final class TokenizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, description = "GGUF file (vocab-only is enough) or tokenizer.json.")
    Path model;

    @Option(names = "--bos", description = "Prepend the BOS token.")
    boolean bos;

    @Option(names = "--parse-special",
            description = "Turn special-token text such as <\uFF5CUser\uFF5C> into control tokens.")
    boolean parseSpecial;

    @Option(names = "--render-special", description = "With --detokenize: print control tokens as their text.")
    boolean renderSpecial;

    @Option(names = "--jsonl", description = "One JSON string (or id array with --detokenize) per input line; blank lines are skipped.")
    boolean jsonl;

    @Option(names = "--detokenize", description = "Read JSON arrays of ids and print the text they decode to.")
    boolean detokenize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Tokenizer tokenizer = load(model);
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (jsonl) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                out.println(detokenize ? JSON.writeValueAsString(decode(tokenizer, ids(line, lineNumber)))
                        : JSON.writeValueAsString(encode(tokenizer, text(line, lineNumber))));
            }
        } else {
            String input = in.readAllAsString();
            if (detokenize) {
                out.print(decode(tokenizer, ids(input, 1)));
            } else {
                out.println(JSON.writeValueAsString(encode(tokenizer, input)));
            }
        }
        out.flush();
        return 0;
    }

    static Tokenizer load(Path model) throws IOException {
        if (model.getFileName().toString().endsWith(".json")) {
            try {
                return Tokenizers.fromHuggingFace(model);
            } catch (JsonProcessingException e) {
                throw new IOException(model + ": " + JsonErrors.describe(e), e);
            }
        }
        try (GgufFile gguf = GgufFile.open(model)) {
            return Tokenizers.fromGguf(gguf);
        }
    }

    private int[] encode(Tokenizer tokenizer, String text) {
        if (bos && tokenizer.bosId() < 0) {
            throw new IllegalArgumentException("--bos: this tokenizer has no BOS token");
        }
        return tokenizer.encode(text, bos, parseSpecial);
    }

    private String decode(Tokenizer tokenizer, int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= tokenizer.vocabularySize()) {
                throw new IllegalArgumentException(
                        "token id " + id + " outside the vocabulary (0.." + (tokenizer.vocabularySize() - 1) + ")");
            }
        }
        return tokenizer.decode(ids, renderSpecial);
    }

    private static String text(String line, int lineNumber) {
        JsonNode node = parse(line, lineNumber);
        if (!node.isTextual()) {
            throw inputError(lineNumber, "expected a JSON string");
        }
        return node.asText();
    }

    private static int[] ids(String input, int lineNumber) {
        JsonNode node = parse(input, lineNumber);
        if (!node.isArray()) {
            throw inputError(lineNumber, "expected a JSON array of token ids");
        }
        int[] ids = new int[node.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!node.get(i).isIntegralNumber() || !node.get(i).canConvertToInt()) {
                throw inputError(lineNumber, "element " + i + " is not an integer token id");
            }
            ids[i] = node.get(i).asInt();
        }
        return ids;
    }

    private static JsonNode parse(String json, int lineNumber) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw inputError(lineNumber, JsonErrors.describe(e));
        }
    }

    private static IllegalArgumentException inputError(int lineNumber, String problem) {
        return new IllegalArgumentException("stdin line " + lineNumber + ": " + problem);
    }
}
