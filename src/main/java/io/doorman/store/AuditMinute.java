package io.doorman.store;

import java.time.Instant;

/** How many elevated and denied audit events fell in one minute (starting at {@code minute}), for a chart. */
public record AuditMinute(Instant minute, long elevated, long denied) {
}
