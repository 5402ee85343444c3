package io.doorman.config;

import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of the settings table: its key (also the config-file key and, with {@code --}, the flag), the
 * environment variable, how its text becomes a value, and the words that help and the README show.
 *
 * @param key        kebab-case name: {@code upstream-ca}
 * @param paramLabel what the value looks like in help: {@code FILE}
 * @param defaultText the default as the user would write it
 * @param meaning    one line saying what the setting is for
 * @param isSwitch   a boolean setting: the bare flag means true
 * @param applier    parses text and stores the value in a builder; throws IllegalArgumentException
 */
public record SettingDef(String key, String paramLabel, String defaultText, String meaning, boolean isSwitch,
        BiConsumer<Settings.Builder, String> applier) {

    /** A setting whose text is parsed by {@code parser} and stored by {@code setter}. */
    public static <T> SettingDef of(String key, String paramLabel, String defaultText, String meaning,
            Function<String, T> parser, BiConsumer<Settings.Builder, T> setter) {
        return new SettingDef(key, paramLabel, defaultText, meaning, false, (b, text) -> setter.accept(b, parser.apply(text)));
    }

    /** A boolean setting; a bare {@code --flag} means true. */
    public static SettingDef flag(String key, String meaning, BiConsumer<Settings.Builder, Boolean> setter) {
        return new SettingDef(key, "BOOL", "false", meaning, true, (b, text) -> setter.accept(b, ValueParsers.bool(text)));
    }

    /** The command-line flag: {@code --upstream-ca}. */
    public String flagName() {
        return "--" + key;
    }

    /** The environment variable: {@code DOORMAN_UPSTREAM_CA}. */
    public String envName() {
        return "DOORMAN_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Parses {@code text} into the builder; IllegalArgumentException names what is wrong with the value. */
    public void apply(Settings.Builder builder, String text) {
        applier.accept(builder, text);
    }
}
