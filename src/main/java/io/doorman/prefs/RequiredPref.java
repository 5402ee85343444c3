package io.doorman.prefs;

import java.util.Locale;

/** One PMS preference the policy wants at one value, compared as PMS's type for it says. */
public record RequiredPref(String id, Type type, String wanted) {

    /** How a value is compared: real servers send booleans as {@code 1}/{@code 0} and as {@code true}/{@code false}. */
    public enum Type { BOOL, INT, TEXT }

    public RequiredPref {
        if (id == null || !id.matches("[A-Za-z][A-Za-z0-9_]*")) {
            // Every PMS preference id is an identifier (RelayEnabled, customConnections, DisableTLSv1_0).
            throw new IllegalArgumentException("'" + id + "' is no PMS preference id (letters, digits and _)");
        }
        if (normalise(type, wanted) == null) {
            throw new IllegalArgumentException("preference " + id + ": '" + wanted + "' is not a valid "
                    + type.name().toLowerCase(Locale.ROOT) + " value");
        }
    }

    public static RequiredPref bool(String id, boolean wanted) {
        return new RequiredPref(id, Type.BOOL, wanted ? "1" : "0");
    }

    public static RequiredPref integer(String id, long wanted) {
        return new RequiredPref(id, Type.INT, Long.toString(wanted));
    }

    public static RequiredPref text(String id, String wanted) {
        return new RequiredPref(id, Type.TEXT, wanted);
    }

    /**
     * An extra requirement as written in the settings, {@code Id=value}. Its type follows the value: {@code 0},
     * {@code 1}, {@code true} and {@code false} compare as booleans (so a server sending either form matches, and
     * an int preference such as {@code secureConnections=1} is still sent as {@code 1}), whole numbers as
     * integers, anything else as text.
     */
    public static RequiredPref parseAssignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + assignment + "' is no preference assignment (want Id=value)");
        }
        String id = assignment.substring(0, eq).strip();
        String value = assignment.substring(eq + 1).strip();
        if (normalise(Type.BOOL, value) != null) {
            return new RequiredPref(id, Type.BOOL, value);
        }
        if (normalise(Type.INT, value) != null) {
            return new RequiredPref(id, Type.INT, value);
        }
        return new RequiredPref(id, Type.TEXT, value);
    }

    /** Whether PMS's current value (as it sent it; null when absent) already is the wanted one. */
    public boolean isSatisfiedBy(String current) {
        String c = normalise(type, current);
        return c != null && c.equals(normalise(type, wanted));
    }

    /** The value as Doorman sends it in a {@code PUT /:/prefs}: booleans as {@code 1}/{@code 0}. */
    public String wireValue() {
        return normalise(type, wanted);
    }

    /** A canonical text for comparison, or null when the text is no value of that type. */
    static String normalise(Type type, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return switch (type) {
            case BOOL -> switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "true" -> "1";
                case "0", "false" -> "0";
                default -> null;
            };
            case INT -> {
                try {
                    yield Long.toString(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case TEXT -> value;
        };
    }
}
