package io.jseek.spark;

import io.jseek.api.ChatListener;
import io.jseek.api.ChatResult;
import io.jseek.api.JseekModel;
import io.jseek.template.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Answers the prompts of one partition with this executor's model, in order as Spark pulls the rows, with up to
 * {@code 2 ×} {@link JseekModel#parallel()} rows in flight, each a chat call on one of as many threads of the
 * partition (platform threads: the first calls render templates while classes load through Spark's class loader,
 * which would pin virtual threads to their few carriers until they deadlock), so the engine decodes them together in one batched forward pass per step, alongside the rows of the executor's
 * other tasks, and prompts that share the template's prefix share its cached KV.
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
        int window = 2 * model.parallel();
        ExecutorService calls = Executors.newFixedThreadPool(window,
                Thread.ofPlatform().daemon().name("jseek-spark-call-", 0).factory());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> calls.shutdownNow());
        }
        Deque<Future<Row>> inFlight = new ArrayDeque<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                fill();
                if (inFlight.isEmpty()) {
                    calls.shutdown();
                    return false;
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row answer = take(inFlight.removeFirst());
                // accumulators are not thread-safe: counted here, on the task's thread
                Object tokens = answer.get(answer.length() - 2);
                if (tokens != null) {
                    answered.add(1);
                    generatedTokens.add((Integer) tokens);
                }
                return answer;
            }

            private void fill() {
                while (inFlight.size() < window && rows.hasNext()) {
                    Row row = rows.next();
                    inFlight.addLast(calls.submit(() -> answer(model, row)));
                }
            }
        };
    }

    private static Row take(Future<Row> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an answer", e);
        }
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
        return RowFactory.create(values);
    }
}
