package io.doorman.config;

/** A secret value (a Plex token) whose text never appears in {@link #toString()}, logs or errors. */
public record Secret(String value) {

    public Secret {
        value = value == null ? "" : value.trim();
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The raw value, for the few places that must send it (the upstream request). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(unset)" : "(set)";
    }
}
