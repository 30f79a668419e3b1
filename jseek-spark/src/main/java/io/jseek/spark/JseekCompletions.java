package io.jseek.spark;

import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Batch chat completions over a DataFrame: each row's prompt column is asked as a user message (after an optional
 * system prompt) and the answer is appended as columns {@code completion}, {@code reasoning},
 * {@code prompt_tokens}, {@code completion_tokens} and {@code finish_reason} (all null for a null prompt).
 *
 * <pre>{@code
 * Dataset<Row> answered = JseekCompletions.builder("/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf")
 *         .promptColumn("question").maxTokens(512).build().transform(questions);
 * }</pre>
 *
 * <p>Each executor JVM loads the model once ({@link ExecutorModels}) and its tasks share it: a partition's rows are
 * submitted to the model's engine concurrently ({@link PartitionCompleter}), which decodes them together with the
 * rows of the executor's other tasks by continuous batching, as {@code jseek serve} does. Give executors the cores
 * for the model's compute threads ({@code threads}) rather than many task slots. Progress shows as the accumulators "jseek prompts answered" and
 * "jseek completion tokens" in the Spark UI.
 */
public final class JseekCompletions {
    static final int OUTPUT_COLUMNS = 5;

    private final CompletionSettings settings;
    private final String promptColumn;

    private JseekCompletions(CompletionSettings settings, String promptColumn) {
        this.settings = settings;
        this.promptColumn = promptColumn;
    }

    /**
     * @param model a GGUF path present on every executor (local disk or a shared filesystem), or a model name
     *     already in every executor's jseek cache
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** The input with the answer columns appended; lazy, like any transformation. */
    public Dataset<Row> transform(Dataset<Row> input) {
        StructType in = input.schema();
        int promptIndex = Arrays.asList(in.fieldNames()).indexOf(promptColumn);
        if (promptIndex < 0) {
            throw new IllegalArgumentException("promptColumn: no column '" + promptColumn + "' in "
                    + Arrays.toString(in.fieldNames()));
        }
        if (!in.fields()[promptIndex].dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("promptColumn: column '" + promptColumn + "' is "
                    + in.fields()[promptIndex].dataType().simpleString() + ", not string");
        }
        StructType out = in.add("completion", DataTypes.StringType).add("reasoning", DataTypes.StringType)
                .add("prompt_tokens", DataTypes.IntegerType).add("completion_tokens", DataTypes.IntegerType)
                .add("finish_reason", DataTypes.StringType);
        var context = input.sparkSession().sparkContext();
        LongAccumulator answered = context.longAccumulator("jseek prompts answered");
        LongAccumulator tokens = context.longAccumulator("jseek completion tokens");
        return input.mapPartitions(new PartitionCompleter(settings, promptIndex, answered, tokens),
                Encoders.row(out));
    }

    /** Options of {@link JseekCompletions}; greedy and 1024 tokens unless told otherwise. */
    public static final class Builder {
        private final String model;
        private String promptColumn = "prompt";
        private String systemPrompt;
        private int threads;
        private int contextLength;
        private int maxTokens = 1024;
        private double temperature;
        private long seed;

        private Builder(String model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The string column holding the prompts (default {@code prompt}). */
        public Builder promptColumn(String column) {
            this.promptColumn = column;
            return this;
        }

        public Builder systemPrompt(String text) {
            this.systemPrompt = text;
            return this;
        }

        /** Compute threads per executor JVM; 0 (default) = all its processors. */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** KV cache positions; 0 (default) = the model's, capped at 4096. */
        public Builder contextLength(int n) {
            this.contextLength = n;
            return this;
        }

        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /** 0 (default) is greedy: the same prompt always gets the same answer. */
        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public JseekCompletions build() {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
            }
            return new JseekCompletions(new CompletionSettings(model, threads, contextLength, systemPrompt,
                    maxTokens, temperature, seed), promptColumn);
        }
    }
}
