package io.jseek.engine;

import java.util.ArrayList;
import java.util.List;

/** Collects one request's events (tests drive the engine with {@code runStep}, so no synchronization is needed). */
final class RecordingSink implements EventSink {
    final List<Integer> tokens = new ArrayList<>();
    final List<EngineEvent.Token> tokenEvents = new ArrayList<>();
    EngineEvent.Finished finished;
    int eventsAfterFinish;

    @Override
    public void accept(EngineEvent event) {
        if (finished != null) {
            eventsAfterFinish++;
        }
        switch (event) {
            case EngineEvent.Token t -> {
                tokens.add(t.token());
                tokenEvents.add(t);
            }
            case EngineEvent.Finished f -> finished = f;
        }
    }
}
