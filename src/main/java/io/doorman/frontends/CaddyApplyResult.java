package io.doorman.frontends;

import java.util.List;

/**
 * What applying Doorman's site to a running Caddy did.
 *
 * @param outcome  how it ended
 * @param changes  what the apply changes (or changed, then undid), one line each; empty when nothing differs
 * @param probes   each public name asked through Caddy, in order; empty when it did not get that far
 * @param warnings Caddy's adapter warnings about the Caddyfile
 * @param notes    what a person should know besides (WebSockets closed by the change)
 */
public record CaddyApplyResult(Outcome outcome, List<String> changes, List<Probe> probes, List<String> warnings,
        List<String> notes) {

    /** How an apply ended. */
    public sealed interface Outcome {

        /** The new config runs, and Doorman answered through it. */
        record Applied() implements Outcome {
        }

        /** The running config already had exactly this site; nothing was written. */
        record Unchanged() implements Outcome {
        }

        /** The new config was written, then replaced by the one before it; {@code reason} says why. */
        record RolledBack(String reason) implements Outcome {
        }

        /**
         * The new config was written and putting the old one back failed too: Caddy needs a person.
         *
         * @param previousConfig the config as it was read, for a person to {@code POST /load} by hand
         */
        record RollbackFailed(String reason, String rollbackError, String previousConfig) implements Outcome {
        }

        /** Nothing was written (Caddy unreachable, the site refused, Caddy rejected the config); see reason. */
        record Refused(String reason) implements Outcome {
        }
    }

    /**
     * One public name asked for {@code GET /identity} through Caddy.
     *
     * @param address        where the probe connected (Caddy's listener)
     * @param reachedDoorman whether the answer carried {@code Via: 1.1 doorman}
     * @param detail         what came back, or why nothing did
     */
    public record Probe(String domain, String address, boolean reachedDoorman, String detail) {
    }

    public CaddyApplyResult {
        changes = List.copyOf(changes);
        probes = List.copyOf(probes);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    /** Whether Doorman's site runs in Caddy now and answered through it. */
    public boolean ok() {
        boolean runs = outcome instanceof Outcome.Applied || outcome instanceof Outcome.Unchanged;
        return runs && !probes.isEmpty() && probes.stream().allMatch(Probe::reachedDoorman);
    }
}
