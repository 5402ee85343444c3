package io.doorman.config;

import java.util.Map;

/**
 * Settings after resolution, with where each one came from.
 *
 * @param settings the resolved record
 * @param origins  setting key to its source: {@code --listen}, {@code DOORMAN_LISTEN}, a config file name,
 *                 or {@link #DEFAULT}
 */
public record ResolvedSettings(Settings settings, Map<String, String> origins) {

    /** The origin of a setting nobody set. */
    public static final String DEFAULT = "default";

    public ResolvedSettings {
        origins = Map.copyOf(origins);
    }

    /** Where the setting with this key came from. */
    public String origin(String key) {
        return origins.getOrDefault(key, DEFAULT);
    }

    /** Whether someone set it (flag, env or file), rather than it being a default. */
    public boolean isExplicit(String key) {
        return !origin(key).equals(DEFAULT);
    }
}
