package io.jseek.spark;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.template.ChatMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * Answers the prompts of one partition with this executor's model, row by row as Spark pulls them. The tasks of one
 * executor share the model and take turns on it (one KV cache), so a prompt that shares its template prefix with
 * the previous one only computes its own tokens.
 */
final class PartitionCompleter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final CompletionSettings settings;
    private final int promptIndex;
    private final LongAccumulator answered;
    private final LongAccumulator generatedTokens;

    PartitionCompleter(CompletionSettings settings, int promptIndex, LongAccumulator answered,
                       LongAccumulator generatedTokens) {
        this.settings = settings;
        this.promptIndex = promptIndex;
        this.answered = answered;
        this.generatedTokens = generatedTokens;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        JseekModel model = ExecutorModels.get(settings);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return answer(model, rows.next());
            }
        };
    }

    private Row answer(JseekModel model, Row row) {
        Object[] values = new Object[row.length() + JseekCompletions.OUTPUT_COLUMNS];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        if (row.isNullAt(promptIndex)) {
            return RowFactory.create(values);
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        if (settings.systemPrompt() != null) {
            messages.add(ChatMessage.system(settings.systemPrompt()));
        }
        messages.add(ChatMessage.user(row.getString(promptIndex)));
        ChatResult r = model.chat(messages, settings.chatOptions(), ChatListener.NONE);
        int at = row.length();
        values[at] = r.content();
        values[at + 1] = r.reasoning();
        values[at + 2] = r.promptTokens();
        values[at + 3] = r.completionTokens();
        values[at + 4] = r.finishReason().wireName();
        answered.add(1);
        generatedTokens.add(r.completionTokens());
        return RowFactory.create(values);
    }
}
