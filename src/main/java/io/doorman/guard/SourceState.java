package io.doorman.guard;

import java.util.Map;

/**
 * A snapshot of one apparent source's abuse state, times in epoch milliseconds; {@code cooldowns} maps a
 * token fingerprint to the end of its cooldown.
 */
public record SourceState(long firstFailureMillis, int failures, long blockedUntilMillis,
        Map<String, Long> cooldowns) {

    public SourceState {
        cooldowns = Map.copyOf(cooldowns);
    }

    /** Whether this state still matters at {@code nowMillis}: blocked or with a cooldown running. */
    public boolean activeAt(long nowMillis) {
        if (blockedUntilMillis > nowMillis) {
            return true;
        }
        for (long until : cooldowns.values()) {
            if (until > nowMillis) {
                return true;
            }
        }
        return false;
    }
}
