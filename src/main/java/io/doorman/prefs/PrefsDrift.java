package io.doorman.prefs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Compares PMS's current preferences with a policy, and says what one {@code PUT /:/prefs} must send. */
public final class PrefsDrift {

    /** Where one required preference stands. */
    public enum State {
        /** PMS has the wanted value. */
        OK,
        /** PMS has another value: a repair sends the wanted one. */
        DRIFTED,
        /** PMS does not list the preference (an older or newer server): nothing to send, a person must look. */
        MISSING
    }

    /** One required preference against PMS: {@code current} is as PMS sent it, null when absent. */
    public record Finding(RequiredPref pref, String current, State state) {
    }

    private PrefsDrift() {
    }

    /** @param current PMS's preferences by id, values as sent ({@code GET /:/prefs}) */
    public static List<Finding> compare(PrefsPolicy policy, Map<String, String> current) {
        List<Finding> out = new ArrayList<>();
        for (RequiredPref p : policy.prefs()) {
            String now = current.get(p.id());
            State s = now == null ? State.MISSING : p.isSatisfiedBy(now) ? State.OK : State.DRIFTED;
            out.add(new Finding(p, now, s));
        }
        return out;
    }

    /**
     * The query of the one {@code PUT /:/prefs} that repairs every drifted preference, each value URL-encoded,
     * in policy order; empty when nothing drifted.
     */
    public static String repairQuery(List<Finding> findings) {
        return findings.stream().filter(f -> f.state() == State.DRIFTED)
                .map(f -> encode(f.pref().id()) + "=" + encode(f.pref().wireValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        // Form encoding writes a space as '+'; a query PMS decodes reads %20 the same on every server.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
