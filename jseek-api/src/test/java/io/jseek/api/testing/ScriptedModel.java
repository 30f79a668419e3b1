package io.jseek.api.testing;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.RenderOptions;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import io.jseek.text.chat.ChatPrompt;
import io.jseek.tokenizer.SpecialRole;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-layer {@code llama} GGUF whose weights are constructed, not trained, so that greedy (and low-temperature)
 * decoding emits planned texts: with DeepSeek-V3's vocabulary and llama.cpp's DeepSeek-R1 chat template, a chat
 * answers {@link #REASONING} inside {@code <think>} then {@link #ANSWER}; when the prompt lists tools it reasons
 * {@link #TOOL_REASONING} and calls {@code get_weather} with {@link #TOOL_ARGUMENTS}; once a tool result is in the
 * prompt it answers {@link #TOOL_ANSWER} without reasoning; FIM fills in {@link #FIM_TEXT}. The plain answer can be
 * chosen ({@link #write(Path, String)}), e.g. a JSON document for structured output.
 *
 * <p>How. The residual stream has a dimension per token that occurs in a script ("state"), plus ONE (every token's
 * embedding has it, a bias) and FLAG. The FFN is zero. The attention head's query is constant and its key is large
 * only for the TRIGGER token (a word of the template's tool preamble), in the lowest-frequency RoPE pair so that
 * position does not matter: any position after a trigger attends to it alone and its value writes 1 into FLAG;
 * without a trigger every value is 0. The first tool output's marker ({@code <｜tool▁outputs▁begin｜>}) has the same
 * key and writes into RESULT instead, so with both in the prompt each flag is about one half. The final residual is
 * {@code e_token + e_ONE + flag * e_FLAG + result * e_RESULT}, whose direction RMSNorm (weight 1) keeps. The output row of token {@code n} has {@code A} at every state that leads to
 * {@code n}, plus a smaller bias on FLAG when {@code n} is the successor only with tools, or on ONE when only
 * without: where both scripts share a state (the prompt's last token, {@code </think>}) the flag decides; anywhere
 * else the state's own successor wins by {@code A} minus the biases. An unknown state falls into the plain script.
 * The after-tool answer's first token carries a larger bias on RESULT, which outweighs the tools bias when both flags
 * are half on, and stays below {@code A} everywhere else.
 *
 * <p>Shared by the tests of every front end (server, LangChain4j, Spring AI, Spark) through jseek-api's test jar.
 */
public final class ScriptedModel {
    public static final String REASONING = "Let me think";
    public static final String ANSWER = "Hello from jseek!";
    public static final String TOOL_REASONING = "Checking the forecast";
    public static final String TOOL_NAME = "get_weather";
    public static final String TOOL_ARGUMENTS = "{\"city\": \"Paris\"}";
    /** The answer once a tool result is in the prompt. */
    public static final String TOOL_ANSWER = "It is sunny.";
    public static final String FIM_TEXT = " a + b";
    /** A word of llama.cpp's R1 template's tool preamble, absent from the tests' messages. */
    public static final String TRIGGER = " satisfy";
    /** The marker that opens the tool results in llama.cpp's R1 template. */
    public static final String RESULT_MARKER = "<｜tool▁outputs▁begin｜>";
    public static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));

    private static final int DIM = 64;
    private static final int ONE = 0;
    private static final int FLAG = 1;
    private static final int TRIGGER_DIM = 2;
    private static final int RESULT = 3;
    private static final int RESULT_DIM = 4;
    private static final int FIRST_STATE = 5;
    private static final float A = 8f;
    private static final float QK = 4f;
    private static final float RESULT_BIAS = 12f;

    private enum When { ALWAYS, TOOLS, NO_TOOLS, AFTER_RESULT }

    private record Edge(int from, int to, When when) {
    }

    private final Tokenizer tokenizer;
    private final Map<Integer, Integer> stateDims = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    private ScriptedModel(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Writes the scripted model, whose plain answer is {@link #ANSWER}, to {@code out}. */
    public static Path write(Path out) throws IOException {
        return write(out, ANSWER);
    }

    /**
     * The scripted model whose plain answer is {@code answer}, as {@code target/scripted-models/NAME}: written by its
     * first caller (in this JVM or an earlier build) and shared after, for tests that load it in static set-up.
     */
    public static synchronized Path shared(String name, String answer) {
        Path file = Path.of("target", "scripted-models", name);
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                write(file, answer);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the scripted model whose plain answer is {@code answer} to {@code out}. The answer's tokens must not
     * repeat, nor occur in the other scripts with a different successor.
     */
    public static Path write(Path out, String answer) throws IOException {
        Path vocab = TESTDATA.resolve("tokenizer/ggml-vocab-deepseek-v3.gguf");
        String template = Files.readString(TESTDATA.resolve("templates/llama-cpp-deepseek-r1.jinja"));
        try (GgufFile v = GgufFile.open(vocab)) {
            Tokenizer tokenizer = Tokenizers.fromGguf(v);
            ScriptedModel m = new ScriptedModel(tokenizer);
            m.plan(template, answer);
            GgufWriter w = new GgufWriter();
            hyperParameters(w);
            copyTokenizer(v, w);
            w.putString("tokenizer.chat_template", template);
            m.tensors(w);
            w.write(out);
        }
        return out;
    }

    private void plan(String template, String answer) {
        String bos = tokenizer.tokenText(tokenizer.bosId());
        String eos = tokenizer.tokenText(tokenizer.eosId());
        ChatPrompt prompt = ChatPrompt.of(tokenizer, ChatTemplate.jinja(template, bos, eos));
        int[] ids = prompt.tokenize(List.of(ChatMessage.user("Hi")), RenderOptions.of(true)).ids();
        int start = ids[ids.length - 1];
        String call = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>" + TOOL_NAME + "<｜tool▁sep｜>" + TOOL_ARGUMENTS
                + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
        script(start, When.NO_TOOLS, REASONING + "</think>" + answer);
        script(start, When.TOOLS, TOOL_REASONING + "</think>" + call);
        script(start, When.AFTER_RESULT, "</think>" + TOOL_ANSWER);
        script(tokenizer.specialId(SpecialRole.FIM_MIDDLE).orElseThrow(), When.ALWAYS, FIM_TEXT);
        int[] trigger = tokenizer.encode(TRIGGER, false, false);
        if (trigger.length != 1 || stateDims.containsKey(trigger[0])) {
            throw new IllegalStateException("the trigger must be one token outside the scripts");
        }
        stateDims.put(trigger[0], TRIGGER_DIM);
        int[] result = tokenizer.encode(RESULT_MARKER, false, true);
        if (result.length != 1 || stateDims.containsKey(result[0])) {
            throw new IllegalStateException("the result marker must be one token outside the scripts");
        }
        stateDims.put(result[0], RESULT_DIM);
    }

    /**
     * Adds the chain {@code start -> tokens of text -> EOS}, taken when {@code when} holds. Where it leaves a token
     * that an earlier script continues differently, both continuations become conditional: the earlier script's on
     * the opposite condition (two scripts at most share a token).
     */
    private void script(int start, When when, String text) {
        int[] tokens = tokenizer.encode(text, false, true);
        int from = start;
        for (int i = 0; i <= tokens.length; i++) {
            int to = i < tokens.length ? tokens[i] : tokenizer.eosId();
            addEdge(from, to, i == 0 ? when : When.ALWAYS, when);
            from = to;
        }
    }

    private void addEdge(int from, int to, When edgeWhen, When scriptWhen) {
        state(from);
        if (scriptWhen == When.AFTER_RESULT) {
            // Decided by its own flag where other scripts leave the same state; the script is planned last.
            boolean shared = edges.stream().anyMatch(e -> e.from() == from);
            edges.add(new Edge(from, to, shared ? When.AFTER_RESULT : When.ALWAYS));
            return;
        }
        for (Edge e : List.copyOf(edges)) {
            if (e.from() != from || e.when() != When.ALWAYS && edgeWhen != When.ALWAYS && e.when() != edgeWhen) {
                continue;
            }
            if (e.to() == to) {
                return;
            }
            edges.remove(e);
            edges.add(new Edge(from, e.to(), scriptWhen == When.TOOLS ? When.NO_TOOLS : When.TOOLS));
            edges.add(new Edge(from, to, scriptWhen));
            return;
        }
        edges.add(new Edge(from, to, edgeWhen));
    }

    private void state(int token) {
        if (!stateDims.containsKey(token)) {
            int dim = FIRST_STATE + stateDims.size();
            if (dim >= DIM) {
                throw new IllegalStateException("too many script tokens for " + DIM + " dimensions");
            }
            stateDims.put(token, dim);
        }
    }

    private static void hyperParameters(GgufWriter w) {
        w.putString("general.architecture", "llama");
        w.putString("general.name", "jseek scripted");
        w.putUint32("general.file_type", 1);
        w.putUint32("llama.context_length", 4096);
        w.putUint32("llama.embedding_length", DIM);
        w.putUint32("llama.block_count", 1);
        w.putUint32("llama.feed_forward_length", 16);
        w.putUint32("llama.attention.head_count", 1);
        w.putUint32("llama.attention.head_count_kv", 1);
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-6f);
        w.putFloat32("llama.rope.freq_base", 10000f);
        w.putUint32("llama.rope.dimension_count", DIM);
    }

    private static void copyTokenizer(GgufFile vocab, GgufWriter w) {
        for (Map.Entry<String, Object> e : vocab.metadata().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("tokenizer.") || key.equals("tokenizer.chat_template")) {
                continue;
            }
            GgufValueType type = vocab.typeOf(key).orElseThrow();
            if (type == GgufValueType.ARRAY) {
                w.putArray(key, switch (e.getValue()) {
                    case String[] ignored -> GgufValueType.STRING;
                    case int[] ignored -> GgufValueType.INT32;
                    case float[] ignored -> GgufValueType.FLOAT32;
                    default -> throw new IllegalArgumentException("unexpected array " + key);
                }, e.getValue());
            } else {
                w.put(key, type, e.getValue());
            }
        }
    }

    private void tensors(GgufWriter w) {
        int vocab = tokenizer.vocabularySize();
        float[] embd = new float[vocab * DIM];
        for (int t = 0; t < vocab; t++) {
            embd[t * DIM + ONE] = 1f;
            Integer dim = stateDims.get(t);
            if (dim != null) {
                embd[t * DIM + dim] = 1f;
            }
        }
        w.addTensor("token_embd.weight", GgmlType.F16, new long[] {DIM, vocab}, Quantizers.quantize(GgmlType.F16,
                embd));
        w.addTensor("output_norm.weight", new long[] {DIM}, filled(DIM, 1f));
        w.addTensor("output.weight", GgmlType.F16, new long[] {DIM, vocab}, Quantizers.quantize(GgmlType.F16,
                output(vocab)));
        w.addTensor("blk.0.attn_norm.weight", new long[] {DIM}, filled(DIM, 1f));
        float[] q = new float[DIM * DIM];
        float[] k = new float[DIM * DIM];
        float[] v = new float[DIM * DIM];
        float[] o = new float[DIM * DIM];
        q[(DIM - 1) * DIM + ONE] = QK; // row DIM-1: the lowest-frequency RoPE dimension of the head
        k[(DIM - 1) * DIM + TRIGGER_DIM] = QK;
        k[(DIM - 1) * DIM + RESULT_DIM] = QK;
        v[TRIGGER_DIM] = (float) Math.sqrt(2.0 / DIM); // RMSNorm scales the trigger's 1 by sqrt(DIM / 2)
        v[DIM + RESULT_DIM] = (float) Math.sqrt(2.0 / DIM);
        o[FLAG * DIM] = 1f;
        o[RESULT * DIM + 1] = 1f;
        w.addTensor("blk.0.attn_q.weight", new long[] {DIM, DIM}, q);
        w.addTensor("blk.0.attn_k.weight", new long[] {DIM, DIM}, k);
        w.addTensor("blk.0.attn_v.weight", new long[] {DIM, DIM}, v);
        w.addTensor("blk.0.attn_output.weight", new long[] {DIM, DIM}, o);
        w.addTensor("blk.0.ffn_norm.weight", new long[] {DIM}, filled(DIM, 1f));
        w.addTensor("blk.0.ffn_gate.weight", new long[] {DIM, 16}, new float[DIM * 16]);
        w.addTensor("blk.0.ffn_up.weight", new long[] {DIM, 16}, new float[DIM * 16]);
        w.addTensor("blk.0.ffn_down.weight", new long[] {16, DIM}, new float[DIM * 16]);
    }

    /**
     * Output rows: {@code A} from each state to its successor, and a bias that decreases with the edge's index so
     * that no two conditional successors tie (a tools-only successor on FLAG, a plain-only one on ONE).
     */
    private float[] output(int vocab) {
        float[] out = new float[vocab * DIM];
        float bias = 4f;
        for (Edge e : edges) {
            out[e.to() * DIM + stateDims.get(e.from())] = A;
            switch (e.when()) {
                case TOOLS -> out[e.to() * DIM + FLAG] = bias;
                case NO_TOOLS -> out[e.to() * DIM + ONE] = bias / 2;
                case AFTER_RESULT -> out[e.to() * DIM + RESULT] = RESULT_BIAS;
                case ALWAYS -> { }
            }
            bias = e.when() == When.ALWAYS || e.when() == When.AFTER_RESULT ? bias : bias - 0.25f;
        }
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
