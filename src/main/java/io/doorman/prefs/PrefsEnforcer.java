package io.doorman.prefs;

import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsPrefs;
import io.doorman.prefs.PrefsDrift.Finding;
import io.doorman.prefs.PrefsDrift.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The edge that talks to PMS for the policy: reads {@code /:/prefs} with the owner's token, repairs drift in one
 * {@code PUT}, reads again to verify. When PMS refuses that PUT (400/403, without saying which key), each
 * drifted key is sent once on its own so the refused ones can be named; nothing is ever retried beyond that.
 */
public final class PrefsEnforcer {

    /** Largest prefs answer read (a real server lists ~150 settings in well under 100 KiB). */
    static final int MAX_PREFS_BYTES = 1 << 20;

    /**
     * What an enforcement did.
     *
     * @param before   the policy against PMS before any change
     * @param after    the same after the repair (equal to {@code before} when nothing was sent)
     * @param refused  the ids PMS refused, each with PMS's status; empty when every PUT took
     */
    public record Result(List<Finding> before, List<Finding> after, Map<String, Integer> refused) {

        /** Every required preference PMS lists now has its wanted value. */
        public boolean inPolicy() {
            return after.stream().noneMatch(f -> f.state() == State.DRIFTED);
        }

        /** The findings that were drifted before and are right now. */
        public List<Finding> repaired() {
            List<Finding> out = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                if (before.get(i).state() == State.DRIFTED && after.get(i).state() == State.OK) {
                    out.add(before.get(i));
                }
            }
            return out;
        }
    }

    private final PmsClient pms;
    private final String ownerToken;
    private final Duration timeout;

    public PrefsEnforcer(PmsClient pms, String ownerToken, Duration timeout) {
        this.pms = pms;
        this.ownerToken = ownerToken;
        this.timeout = timeout;
    }

    /** The policy against PMS's current values; fails with PMS's status or the network error. */
    public CompletableFuture<List<Finding>> check(PrefsPolicy policy) {
        return read().thenApply(current -> PrefsDrift.compare(policy, current));
    }

    /** Checks, repairs what drifted, and checks again. */
    public CompletableFuture<Result> enforce(PrefsPolicy policy) {
        return check(policy).thenCompose(before -> {
            String query = PrefsDrift.repairQuery(before);
            if (query.isEmpty()) {
                return CompletableFuture.completedFuture(new Result(before, before, Map.of()));
            }
            return put(query).thenCompose(status -> isSuccess(status)
                    ? CompletableFuture.completedFuture(Map.<String, Integer>of())
                    : nameTheRefused(before))
                    .thenCompose(refused -> check(policy).thenApply(after -> new Result(before, after, refused)));
        });
    }

    /** One PUT per drifted key, in order, each once: which of them PMS will not take. */
    private CompletableFuture<Map<String, Integer>> nameTheRefused(List<Finding> before) {
        Map<String, Integer> refused = new LinkedHashMap<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Finding f : before) {
            if (f.state() != State.DRIFTED) {
                continue;
            }
            chain = chain.thenCompose(ignored -> put(PrefsDrift.repairQuery(List.of(f))).thenAccept(status -> {
                if (!isSuccess(status)) {
                    refused.put(f.pref().id(), status);
                }
            }));
        }
        return chain.thenApply(ignored -> Map.copyOf(refused));
    }

    private CompletableFuture<Map<String, String>> read() {
        return pms.body(PmsClient.withTokenQuery("/:/prefs", ownerToken), "application/xml", timeout, MAX_PREFS_BYTES)
                .thenApply(body -> {
                    try {
                        return PmsPrefs.parse(body);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private CompletableFuture<Integer> put(String query) {
        return pms.status("PUT", PmsClient.withTokenQuery("/:/prefs?" + query, ownerToken), List.of(), timeout);
    }

    /** plexapi treats 200, 201 and 204 as success. */
    private static boolean isSuccess(int status) {
        return status == 200 || status == 201 || status == 204;
    }
}
