package io.jseek.server.engine;

import io.jseek.api.ChatPrompt;
import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.template.ChatMessage;
import io.jseek.template.ChatTemplate;
import io.jseek.template.RenderOptions;
import io.jseek.tensor.GgmlType;
import io.jseek.tensor.Quantizers;
import io.jseek.tokenizer.SpecialRole;
import io.jseek.tokenizer.Tokenizer;
import io.jseek.tokenizer.Tokenizers;
import java.io.IOException;
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
 * {@link #TOOL_REASONING} and calls {@code get_weather} with {@link #TOOL_ARGUMENTS}; FIM fills in {@link #FIM_TEXT}.
 *
 * <p>How. The residual stream has a dimension per token that occurs in a script ("state"), plus ONE (every token's
 * embedding has it, a bias) and FLAG. The FFN is zero. The attention head's query is constant and its key is large
 * only for the TRIGGER token (a word of the template's tool preamble), in the lowest-frequency RoPE pair so that
 * position does not matter: any position after a trigger attends to it alone and its value writes 1 into FLAG;
 * without a trigger every value is 0. So the final residual is {@code e_token + e_ONE + flag * e_FLAG}, whose
 * direction RMSNorm (weight 1) keeps. The output row of token {@code n} has {@code A} at every state that leads to
 * {@code n}, plus a smaller bias on FLAG when {@code n} is the successor only with tools, or on ONE when only
 * without: where both scripts share a state (the prompt's last token, {@code </think>}) the flag decides; anywhere
 * else the state's own successor wins by {@code A} minus the biases. An unknown state falls into the plain script.
 */
final class ScriptedModel {
    static final String REASONING = "Let me think";
    static final String ANSWER = "Hello from jseek!";
    static final String TOOL_REASONING = "Checking the forecast";
    static final String TOOL_NAME = "get_weather";
    static final String TOOL_ARGUMENTS = "{\"city\": \"Paris\"}";
    static final String FIM_TEXT = " a + b";
    /** A word of llama.cpp's R1 template's tool preamble, absent from the tests' messages. */
    static final String TRIGGER = " satisfy";
    static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));

    private static final int DIM = 64;
    private static final int ONE = 0;
    private static final int FLAG = 1;
    private static final int TRIGGER_DIM = 2;
    private static final int FIRST_STATE = 3;
    private static final float A = 8f;
    private static final float QK = 4f;

    private enum When { ALWAYS, TOOLS, NO_TOOLS }

    private record Edge(int from, int to, When when) {
    }

    private final Tokenizer tokenizer;
    private final Map<Integer, Integer> stateDims = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    private ScriptedModel(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Writes the scripted model to {@code out}. */
    static Path write(Path out) throws IOException {
        Path vocab = TESTDATA.resolve("tokenizer/ggml-vocab-deepseek-v3.gguf");
        String template = Files.readString(TESTDATA.resolve("templates/llama-cpp-deepseek-r1.jinja"));
        try (GgufFile v = GgufFile.open(vocab)) {
            Tokenizer tokenizer = Tokenizers.fromGguf(v);
            ScriptedModel m = new ScriptedModel(tokenizer);
            m.plan(template);
            GgufWriter w = new GgufWriter();
            hyperParameters(w);
            copyTokenizer(v, w);
            w.putString("tokenizer.chat_template", template);
            m.tensors(w);
            w.write(out);
        }
        return out;
    }

    private void plan(String template) {
        String bos = tokenizer.tokenText(tokenizer.bosId());
        String eos = tokenizer.tokenText(tokenizer.eosId());
        ChatPrompt prompt = ChatPrompt.of(tokenizer, ChatTemplate.jinja(template, bos, eos));
        int[] ids = prompt.tokenize(List.of(ChatMessage.user("Hi")), RenderOptions.of(true)).ids();
        int start = ids[ids.length - 1];
        String call = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>" + TOOL_NAME + "<｜tool▁sep｜>" + TOOL_ARGUMENTS
                + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
        script(start, When.NO_TOOLS, REASONING + "</think>" + ANSWER);
        script(start, When.TOOLS, TOOL_REASONING + "</think>" + call);
        script(tokenizer.specialId(SpecialRole.FIM_MIDDLE).orElseThrow(), When.ALWAYS, FIM_TEXT);
        int[] trigger = tokenizer.encode(TRIGGER, false, false);
        if (trigger.length != 1 || stateDims.containsKey(trigger[0])) {
            throw new IllegalStateException("the trigger must be one token outside the scripts");
        }
        stateDims.put(trigger[0], TRIGGER_DIM);
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
        v[TRIGGER_DIM] = (float) Math.sqrt(2.0 / DIM); // RMSNorm scales the trigger's 1 by sqrt(DIM / 2)
        o[FLAG * DIM] = 1f;
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
                case ALWAYS -> { }
            }
            bias = e.when() == When.ALWAYS ? bias : bias - 0.25f;
        }
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
