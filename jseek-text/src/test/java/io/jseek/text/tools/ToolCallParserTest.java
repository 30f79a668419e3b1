package io.jseek.text.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.template.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallParserTest {
    private static final String V3 = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n"
            + "```json\n{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"
            + "get_time\n```json\n{}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>";

    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    private final ToolCallParser parser = new ToolCallParser(text::append, calls::add);

    @Test
    void v3FormatInOneDelta() {
        parser.accept("Checking. " + V3);
        parser.finish();
        assertEquals("Checking. ", text.toString());
        assertEquals(2, calls.size());
        assertEquals("get_weather", calls.get(0).name());
        assertEquals("{\"city\": \"Paris\"}", calls.get(0).arguments());
        assertEquals("get_time", calls.get(1).name());
        assertEquals("{}", calls.get(1).arguments());
        assertEquals(2, parser.callCount());
    }

    @Test
    void v3FormatOneCharacterAtATimeNeverLeaksMarkup() {
        String all = "Checking. " + V3 + " Done.";
        List<String> deltas = new ArrayList<>();
        ToolCallParser p = new ToolCallParser(deltas::add, calls::add);
        all.codePoints().forEach(cp -> p.accept(Character.toString(cp)));
        p.finish();
        assertEquals("Checking.  Done.", String.join("", deltas));
        deltas.forEach(d -> assertEquals(-1, d.indexOf('<'), d));
        assertEquals(2, calls.size());
        assertEquals("{\"city\": \"Paris\"}", calls.get(0).arguments());
    }

    @Test
    void textWithAngleBracketsIsReleased() {
        parser.accept("a < b and <b>bold</b> <｜tool");
        assertEquals("a < b and <b>bold</b> ", text.toString());
        parser.accept(" not a marker");
        parser.finish();
        assertEquals("a < b and <b>bold</b> <｜tool not a marker", text.toString());
        assertEquals(0, calls.size());
    }

    @Test
    void v31LayoutWithoutTypeAndFence() {
        parser.accept("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>search<｜tool▁sep｜>{\"q\":\"x\"}"
                + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>");
        parser.finish();
        assertEquals(List.of(ToolCall.function(null, "search", "{\"q\":\"x\"}")), calls);
    }

    @Test
    void distillSpellingsWithUnderscoresAndAsciiBars() {
        parser.accept("<｜tool_calls_begin｜><｜tool_call_begin｜>function<｜tool_sep｜>f\n```json\n{\"a\":1}\n```"
                + "<｜tool_call_end｜><｜tool_calls_end｜>");
        parser.accept("<|tool▁calls▁begin|><|tool▁call▁begin|>function<|tool▁sep|>g\n```json\n{}\n```"
                + "<|tool▁call▁end|><|tool▁calls▁end|>");
        parser.finish();
        assertEquals(List.of("f", "g"), calls.stream().map(ToolCall::name).toList());
        assertEquals("", text.toString());
    }

    @Test
    void loneCallBeginWithoutCallsBegin() {
        parser.accept("<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{}\n```<｜tool▁call▁end｜>");
        parser.finish();
        assertEquals(1, calls.size());
    }

    @Test
    void hermesStyle() {
        parser.accept("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": [1, 2]}}\n</tool_call>");
        parser.finish();
        assertEquals(List.of(ToolCall.function(null, "f", "{\"x\":[1,2]}")), calls);
        assertEquals("", text.toString());
    }

    @Test
    void hermesTagAroundNonJsonIsText() {
        parser.accept("<tool_call>not json</tool_call>");
        parser.finish();
        assertEquals("<tool_call>not json</tool_call>", text.toString());
        assertEquals(0, calls.size());
    }

    @Test
    void streamEndingInsideACallStillReportsAParsableCall() {
        parser.accept("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\":1}\n```");
        parser.finish();
        assertEquals(List.of(ToolCall.function(null, "f", "{\"a\":1}")), calls);
    }

    @Test
    void streamEndingInsideAnUnparsableCallKeepsTheText() {
        parser.accept("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>");
        parser.finish();
        assertEquals(0, calls.size());
        assertEquals("<｜tool▁call▁begin｜>", text.toString());
    }
}
