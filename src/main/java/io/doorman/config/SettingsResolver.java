package io.doorman.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Resolves {@link Settings} from, in order of precedence, command-line flags, {@code DOORMAN_*} environment
 * variables, the config file, and {@link Settings#defaults()}, driven by {@link SettingsTable}.
 */
public final class SettingsResolver {

    private SettingsResolver() {
    }

    /**
     * @param flags flag values keyed by setting key ({@code listen}), only those given on the command line
     * @param env   the process environment; blank values count as unset
     * @param file  the config file, or {@link ConfigFile#NONE}
     * @throws ConfigException naming the flag, variable or file key whose value is bad
     */
    public static ResolvedSettings resolve(Map<String, String> flags, Map<String, String> env, ConfigFile file)
            throws ConfigException {
        for (String key : flags.keySet()) {
            if (SettingsTable.find(key).isEmpty()) {
                throw new IllegalArgumentException("no setting '" + key + "'"); // a programming error
            }
        }
        Settings.Builder builder = Settings.defaults().toBuilder();
        Map<String, String> origins = new HashMap<>();
        for (SettingDef def : SettingsTable.ALL) {
            String envValue = env.get(def.envName());
            if (flags.containsKey(def.key())) {
                apply(def, builder, flags.get(def.key()), def.flagName());
                origins.put(def.key(), def.flagName());
            } else if (envValue != null && !envValue.isBlank()) {
                apply(def, builder, envValue, def.envName());
                origins.put(def.key(), def.envName());
            } else if (file.values().containsKey(def.key())) {
                apply(def, builder, file.values().get(def.key()), file.name() + ": " + def.key());
                origins.put(def.key(), file.name());
            }
        }
        return new ResolvedSettings(builder.build(), origins);
    }

    private static void apply(SettingDef def, Settings.Builder builder, String text, String label)
            throws ConfigException {
        try {
            def.apply(builder, text);
        } catch (UnreadableFileException e) {
            throw ConfigException.unusable(label + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(label + ": " + e.getMessage());
        }
    }
}
