package io.doorman.console;

import io.doorman.store.AuditEventStore;
import java.time.Clock;
import java.util.List;

/** The Security page's audit history, read from the console's store (where {@link AuditLineRecorder} writes it). */
public final class StoredAuditEvents implements AuditEvents {

    private final AuditEventStore store;
    private final Clock clock;

    public StoredAuditEvents(AuditEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<Event> recent(String outcome, int limit) {
        return store.recent(outcome == null || outcome.isEmpty() ? null : outcome, limit).stream()
                .map(e -> new Event(e.time(), e.outcome(), e.tokenFp(), e.source(), e.method(), e.path())).toList();
    }

    @Override
    public List<Minute> history(int minutes) {
        return store.perMinute(minutes, clock.instant()).stream()
                .map(m -> new Minute(m.minute(), m.elevated(), m.denied())).toList();
    }
}
