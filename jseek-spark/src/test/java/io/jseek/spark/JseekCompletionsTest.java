package io.jseek.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatOptions;
import io.jseek.api.ChatResult;
import io.jseek.api.GenerateOptions;
import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import io.jseek.model.fixtures.ChatTestModel;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spark local mode (4 task slots) over 64 prompts in 4 partitions, on the tiny random-weight chat model (its answers
 * differ from prompt to prompt), each row compared with {@link JseekModel#chat} greedy, one prompt at a time.
 */
@Timeout(300)
class JseekCompletionsTest {
    static final Path TESTDATA = Path.of(System.getProperty("jseek.testdata", "../../shared/testdata"));
    static final int PROMPTS = 64;
    static final int MAX_TOKENS = 6;
    static SparkSession spark;
    static Path modelFile;

    @BeforeAll
    static void start() throws IOException {
        modelFile = ChatTestModel.file(Path.of("target", "tiny-models"), TESTDATA);
        spark = SparkSession.builder().master("local[4]").appName("jseek-spark-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> prompts() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            rows.add(RowFactory.create(i, "Question number " + i + ": what is " + i + " squared?"));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("prompt", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(4);
    }

    @Test
    void everyRowIsAnsweredAsJseekAnswersItAloneWithTheModelLoadedOncePerJvm() throws IOException {
        Dataset<Row> prompts = prompts();
        assertEquals(4, prompts.rdd().getNumPartitions());
        JseekCompletions completions = JseekCompletions.builder(modelFile.toString()).threads(1)
                .contextLength(256).maxTokens(MAX_TOKENS).build();
        List<Row> out = completions.transform(prompts).collectAsList();
        assertEquals(PROMPTS, out.size());
        assertEquals(1, ExecutorModels.loads(modelFile.toString()));
        long steps = ExecutorModels.get(new CompletionSettings(modelFile.toString(), 1, 256, null, MAX_TOKENS, 0, 0))
                .engineMetrics().steps();
        long tokens = out.stream().mapToLong(r -> r.<Integer>getAs("completion_tokens")).sum();
        // one row at a time takes at least a step per token; batched rows share them
        assertTrue(steps < tokens / 2, "the engine batched the rows: " + steps + " steps for " + tokens + " tokens");
        Map<Integer, Row> byId = new HashMap<>();
        out.forEach(r -> byId.put(r.getInt(0), r));
        try (JseekModel reference = JseekModel.load(modelFile, new LoadOptions(1, 256, false))) {
            ChatOptions greedy = ChatOptions.of(GenerateOptions.greedy().withMaxTokens(MAX_TOKENS));
            for (Row in : prompts.collectAsList()) {
                Row r = byId.get(in.getInt(0));
                ChatResult expected = reference.chat(List.of(ChatMessage.user(in.getString(1))), greedy,
                        ChatListener.NONE);
                assertEquals(expected.content(), r.getAs("completion"), "row " + in.getInt(0));
                assertEquals(expected.reasoning(), r.getAs("reasoning"), "row " + in.getInt(0));
                assertEquals(expected.promptTokens(), (int) r.getAs("prompt_tokens"));
                assertEquals(expected.completionTokens(), (int) r.getAs("completion_tokens"));
                assertEquals(expected.finishReason().wireName(), r.getAs("finish_reason"));
            }
        }
        long distinct = out.stream().map(r -> r.<String>getAs("reasoning")).distinct().count();
        assertTrue(distinct > PROMPTS / 2, "the prompts get different answers: " + distinct);
        completions.transform(prompts).count();
        assertEquals(1, ExecutorModels.loads(modelFile.toString()), "a second job reuses the executor's model");
    }

    @Test
    void corruptModelFailsTheJobWithAClearError() throws IOException {
        Path corrupt = Path.of("target", "corrupt.gguf");
        Files.write(corrupt, "this is not a GGUF file at all, just text".getBytes());
        JseekCompletions completions = JseekCompletions.builder(corrupt.toString()).threads(1).build();
        SparkException e = assertThrows(SparkException.class, () -> completions.transform(prompts()).collect());
        String message = e.getMessage();
        assertTrue(message.contains("jseek cannot load the model " + corrupt), message);
        assertEquals(0, ExecutorModels.loads(corrupt.toString()));
    }

    @Test
    void missingPromptColumnIsRefusedBeforeAnyJob() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JseekCompletions
                .builder(modelFile.toString()).promptColumn("question").build().transform(prompts()));
        assertTrue(e.getMessage().startsWith("promptColumn: no column 'question'"), e.getMessage());
    }
}
