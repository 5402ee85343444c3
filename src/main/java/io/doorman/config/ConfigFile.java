package io.doorman.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML config file: a flat mapping from setting keys (the flag names without {@code --}) to values;
 * lists may be YAML sequences. Values keep their text as written, so {@code admin-listen: off} stays
 * {@code off} rather than YAML 1.1's boolean false.
 *
 * @param name   how messages name the file (the path as given)
 * @param values key to value text, in file order
 */
public record ConfigFile(String name, Map<String, String> values) {

    /** The file looked for in the working directory when neither {@code --config} nor DOORMAN_CONFIG is set. */
    public static final String DEFAULT_NAME = "doorman.yaml";
    /** The environment variable naming a config file. */
    public static final String ENV = "DOORMAN_CONFIG";

    /** No file. */
    public static final ConfigFile NONE = new ConfigFile("", Map.of());

    public ConfigFile {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The file named by {@code --config} (explicit, may be null), else by DOORMAN_CONFIG, else
     * {@code doorman.yaml} in {@code cwd} if it exists, else {@link #NONE}. A named file that is missing is
     * an error; the implicit one is optional.
     */
    public static ConfigFile locate(String explicit, Map<String, String> env, Path cwd) throws ConfigException {
        if (explicit != null) {
            return load(cwd.resolve(explicitPath("--config", explicit)), explicit, "--config");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return load(cwd.resolve(explicitPath(ENV, fromEnv)), fromEnv.trim(), ENV);
        }
        Path implicit = cwd.resolve(DEFAULT_NAME);
        return Files.exists(implicit) ? load(implicit, DEFAULT_NAME, null) : NONE;
    }

    private static Path explicitPath(String source, String text) throws ConfigException {
        try {
            return ValueParsers.path(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.usage(source + ": " + e.getMessage());
        }
    }

    /** Reads and checks a file; {@code source} names the flag or variable that pointed at it, or is null. */
    static ConfigFile load(Path file, String name, String source) throws ConfigException {
        String prefix = source == null ? "" : source + ": ";
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new ConfigFile(name, parse(r, name));
        } catch (NoSuchFileException e) {
            throw ConfigException.unusable(prefix + "config file '" + name + "' does not exist");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ConfigException.usage(name + ": not valid YAML" + where);
        } catch (IOException e) {
            throw ConfigException.unusable(prefix + "cannot read config file '" + name + "': " + e.getMessage());
        }
    }

    /** Parses YAML text into the flat map, checking keys against {@link SettingsTable}. */
    static Map<String, String> parse(Reader yaml, String name) throws IOException, ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return out; // an empty file configures nothing
            }
            if (t != JsonToken.START_OBJECT) {
                throw ConfigException.usage(name + ": want a mapping of settings, like 'listen: 127.0.0.1:33240'");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (SettingsTable.find(key).isEmpty()) {
                    throw ConfigException.usage(name + ": unknown key '" + key + "' (see 'doorman help serve')");
                }
                if (out.containsKey(key)) {
                    throw ConfigException.usage(name + ": key '" + key + "' appears twice");
                }
                String value = value(p, p.nextToken(), name, key);
                if (value != null) {
                    out.put(key, value);
                }
            }
        }
        return out;
    }

    private static String value(JsonParser p, JsonToken t, String name, String key) throws IOException, ConfigException {
        if (t == JsonToken.VALUE_NULL) {
            return null; // "key:" with nothing after it leaves the setting alone
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        if (t == JsonToken.START_ARRAY) {
            List<String> items = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null || !t.isScalarValue()) {
                    throw ConfigException.usage(name + ": " + key + ": list items must be plain values");
                }
                items.add(p.getText());
            }
            return String.join(",", items);
        }
        throw ConfigException.usage(name + ": " + key + ": want a single value or a list, not a mapping");
    }
}
