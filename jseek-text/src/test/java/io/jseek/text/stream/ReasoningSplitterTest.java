package io.jseek.text.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The think-tag split, with the text fed in three deltas cut at every pair of positions (so every tag is split at
 * every possible point); streamed deltas must concatenate to the final reasoning and content.
 */
class ReasoningSplitterTest {

    private static void check(boolean opened, String text, String reasoning, String content) {
        for (int a = 0; a <= text.length(); a++) {
            for (int b = a; b <= text.length(); b++) {
                StringBuilder streamedReasoning = new StringBuilder();
                StringBuilder streamedContent = new StringBuilder();
                ReasoningSplitter s = new ReasoningSplitter(opened, streamedReasoning::append,
                        streamedContent::append);
                s.accept(text.substring(0, a));
                s.accept(text.substring(a, b));
                s.accept(text.substring(b));
                s.finish();
                String where = "cuts " + a + "," + b;
                assertEquals(reasoning, s.reasoning(), where);
                assertEquals(content, s.content(), where);
                assertEquals(reasoning, streamedReasoning.toString(), where);
                assertEquals(content, streamedContent.toString(), where);
            }
        }
    }

    @Test
    void modelOpensAndClosesTheReasoning() {
        check(false, "<think>\nLet me see.\n</think>\n\nThe answer.", "Let me see.", "The answer.");
    }

    @Test
    void promptAlreadyOpenedTheReasoning() {
        check(true, "Let me see.\nHmm.\n</think>\n\nThe answer.", "Let me see.\nHmm.", "The answer.");
    }

    @Test
    void stoppedInsideTheReasoningMeansAllReasoning() {
        check(true, "Still thinking </thi", "Still thinking </thi", "");
        check(false, "<think>\nStill thinking\n", "Still thinking", "");
    }

    @Test
    void noTagsMeansAllContent() {
        check(false, "Plain answer.", "", "Plain answer.");
        check(false, "\n<thin", "", "<thin");
        check(false, "Use <think> later", "", "Use <think> later");
    }

    @Test
    void emptyReasoning() {
        check(false, "<think>\n\n</think>\n\nHi", "", "Hi");
        check(true, "\n</think>Hi", "", "Hi");
    }

    @Test
    void blankSpaceInsideTheReasoningIsKept() {
        check(true, "a \n b</think>c  d ", "a \n b", "c  d ");
    }
}
