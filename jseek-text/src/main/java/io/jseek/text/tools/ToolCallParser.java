package io.jseek.text.tools;

import io.jseek.template.ToolCall;
import java.util.function.Consumer;

/**
 * Separates tool calls from the answer text as it streams, for DeepSeek's markup
 * ({@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```<｜tool▁call▁end｜>
 * …<｜tool▁calls▁end｜>}) and its variants (see {@link ToolCallMarkers}, {@link ToolCallBodyParser}).
 *
 * <p>Streaming-safe: in text, a tail that could be the start of a marker is held back until the next delta decides;
 * inside the calls block nothing is passed on as text, and each call is reported once its end marker arrived.
 * Text after the block is text again. When the stream ends inside an unfinished call, the call is still reported
 * if its body parses (a model may stop at end-of-sequence instead of writing the end markers); otherwise the raw
 * markup is passed on as text, so nothing the model wrote is lost. Mutable; one per generation. Shared by
 * the Java API's {@code JseekModel.chat} and the HTTP server.
 */
public final class ToolCallParser {
    private enum State { TEXT, CALLS, HERMES }

    private final Consumer<String> text;
    private final Consumer<ToolCall> calls;
    private final StringBuilder pending = new StringBuilder();
    private State state = State.TEXT;
    private int found;

    public ToolCallParser(Consumer<String> text, Consumer<ToolCall> calls) {
        this.text = text;
        this.calls = calls;
    }

    public void accept(String delta) {
        pending.append(delta);
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = switch (state) {
                case TEXT -> inText();
                case CALLS -> inCalls(false);
                case HERMES -> inHermes(false);
            };
        }
    }

    /** The text is complete: releases or interprets what was held. */
    public void finish() {
        switch (state) {
            case TEXT -> flush(pending.length());
            case CALLS -> inCalls(true);
            case HERMES -> inHermes(true);
        }
        flush(pending.length());
    }

    /** How many tool calls were reported. */
    public int callCount() {
        return found;
    }

    private boolean inText() {
        String s = pending.toString();
        int[] open = ToolCallMarkers.find(s, 0, ToolCallMarkers.OPENERS);
        if (open != null) {
            flush(open[0]);
            boolean hermes = s.startsWith(ToolCallMarkers.HERMES_BEGIN, open[0]);
            boolean single = ToolCallMarkers.startingAt(s, open[0], ToolCallMarkers.CALL_BEGIN) != null;
            // A lone call-begin opens the block too; keep it so that the block parser reads the call.
            pending.delete(0, single ? 0 : open[1]);
            state = hermes ? State.HERMES : State.CALLS;
            return true;
        }
        flush(s.length() - heldTail(s));
        return false;
    }

    /** The shortest tail of {@code s} from which an opener could still begin. */
    private static int heldTail(String s) {
        int from = Math.max(0, s.length() - ToolCallMarkers.LONGEST_OPENER + 1);
        for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
            if (ToolCallMarkers.couldStart(s, i, ToolCallMarkers.OPENERS)) {
                return s.length() - i;
            }
        }
        return 0;
    }

    /** Reads calls from the block; true when it consumed something. */
    private boolean inCalls(boolean end) {
        int start = skipBlank();
        String s = pending.toString();
        String close = ToolCallMarkers.startingAt(s, start, ToolCallMarkers.CALLS_END);
        if (close != null) {
            pending.delete(0, start + close.length());
            state = State.TEXT;
            return true;
        }
        String begin = ToolCallMarkers.startingAt(s, start, ToolCallMarkers.CALL_BEGIN);
        if (begin != null) {
            int bodyStart = start + begin.length();
            int[] callEnd = ToolCallMarkers.find(s, bodyStart, ToolCallMarkers.CALL_END);
            if (callEnd == null) {
                return end && report(s.substring(bodyStart), s.length());
            }
            return report(s.substring(bodyStart, callEnd[0]), callEnd[0] + callEnd[1]);
        }
        if (!end && (start == s.length() || ToolCallMarkers.couldStart(s, start, ToolCallMarkers.CALLS_END)
                || ToolCallMarkers.couldStart(s, start, ToolCallMarkers.CALL_BEGIN))) {
            return false;
        }
        // Something else follows the calls without a closing marker: it is text again.
        state = State.TEXT;
        return !end;
    }

    private boolean inHermes(boolean end) {
        String s = pending.toString();
        int close = s.indexOf(ToolCallMarkers.HERMES_END);
        if (close < 0) {
            if (end) {
                restoreHermes(s);
            }
            return false;
        }
        int consumed = close + ToolCallMarkers.HERMES_END.length();
        ToolCall call = ToolCallBodyParser.parseJson(s.substring(0, close));
        if (call == null) {
            text.accept(ToolCallMarkers.HERMES_BEGIN + s.substring(0, consumed));
        } else {
            emit(call);
        }
        pending.delete(0, consumed);
        state = State.TEXT;
        return true;
    }

    /** The text ended inside a Hermes block: a call if its body parses, else the text it was. */
    private void restoreHermes(String body) {
        ToolCall call = ToolCallBodyParser.parseJson(body);
        if (call != null) {
            emit(call);
        } else {
            text.accept(ToolCallMarkers.HERMES_BEGIN + body);
        }
        pending.setLength(0);
    }

    /** Reports the call in {@code body} and drops the pending text up to {@code consumed}. */
    private boolean report(String body, int consumed) {
        ToolCall call = ToolCallBodyParser.parse(body);
        if (call == null) {
            flush(consumed);
        } else {
            emit(call);
            pending.delete(0, consumed);
        }
        return true;
    }

    private void emit(ToolCall call) {
        found++;
        calls.accept(call);
    }

    private int skipBlank() {
        int i = 0;
        while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
            i++;
        }
        return i;
    }

    private void flush(int length) {
        if (length > 0) {
            text.accept(pending.substring(0, length));
            pending.delete(0, length);
        }
    }
}
