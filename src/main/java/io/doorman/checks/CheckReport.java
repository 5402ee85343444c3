package io.doorman.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The one report every check command prints ({@code prefs check}, {@code validate}, {@code doctor},
 * {@code health}): a table for people, or with {@code --json} one object
 * {@code {"command","ok","checks":[{"id","status","summary","fix"?}]}}. Nothing in it may be a raw token.
 */
public record CheckReport(String command, List<Check> checks) {

    /** Exit codes shared by every check command. */
    public static final int ALL_PASS = 0;
    public static final int COULD_NOT_RUN = 1;
    public static final int USAGE = 2;
    public static final int A_CHECK_FAILED = 3;

    public enum Status {
        PASS, WARN, FAIL, SKIP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One finding; {@code fix} is null where there is none (a pass, or nothing a person can do). */
    public record Check(String id, Status status, String summary, String fix) {

        public static Check pass(String id, String summary) {
            return new Check(id, Status.PASS, summary, null);
        }

        public static Check warn(String id, String summary, String fix) {
            return new Check(id, Status.WARN, summary, fix);
        }

        public static Check fail(String id, String summary, String fix) {
            return new Check(id, Status.FAIL, summary, fix);
        }

        /** A check that could not run says why; it is never reported as a pass. */
        public static Check skip(String id, String why) {
            return new Check(id, Status.SKIP, why, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckReport {
        checks = List.copyOf(checks);
    }

    /** No check failed (warnings and skips allowed). */
    public boolean ok() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    public int exitCode() {
        return ok() ? ALL_PASS : A_CHECK_FAILED;
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("ok", ok());
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode n = list.addObject();
            n.put("id", c.id());
            n.put("status", c.status().wire());
            n.put("summary", c.summary());
            if (c.fix() != null) {
                n.put("fix", c.fix());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status, id and summary aligned in columns, each fix on the line under its check, then a verdict line. */
    public String table() {
        int idWidth = checks.stream().mapToInt(c -> c.id().length()).max().orElse(2);
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            sb.append(String.format(Locale.ROOT, "%-4s  %-" + idWidth + "s  %s%n", c.status().name(), c.id(),
                    c.summary()));
            if (c.fix() != null) {
                sb.append(" ".repeat(6 + idWidth + 2)).append("fix: ").append(c.fix()).append(System.lineSeparator());
            }
        }
        long failed = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        long warned = checks.stream().filter(c -> c.status() == Status.WARN).count();
        long skipped = checks.stream().filter(c -> c.status() == Status.SKIP).count();
        sb.append(command).append(": ").append(ok() ? "ok" : failed + " failed");
        if (warned > 0) {
            sb.append(", ").append(warned).append(" warning").append(warned == 1 ? "" : "s");
        }
        if (skipped > 0) {
            sb.append(", ").append(skipped).append(" skipped");
        }
        return sb.append(System.lineSeparator()).toString();
    }
}
