package io.doorman.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.config.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The abuse-block state file in the spec's JSON format
 * ({@code {"sources":{"<source>":{"first_failure_unix":..,"failures":..,"blocked_until_unix":..,"cooldowns":{..}}}}},
 * unix seconds), written atomically with mode 0600.
 */
public final class BlockStateFile {

    private static final Logger LOG = LoggerFactory.getLogger(BlockStateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path path;

    public BlockStateFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the state, keeping only sources still blocked or cooling down at {@code nowMillis}. A missing file
     * is empty state; a corrupt one is reported, moved aside to {@code <file>.corrupt-<stamp>}, and is empty.
     *
     * @throws IOException when the path is a symlink or cannot be read
     */
    public Map<String, SourceState> load(long nowMillis) throws IOException {
        refuseSymlink();
        if (!Files.exists(path)) {
            return Map.of();
        }
        byte[] bytes = Files.readAllBytes(path);
        Map<String, SourceState> all;
        try {
            all = parse(JSON.readTree(bytes));
        } catch (JsonProcessingException e) {
            // The location only: Jackson's message quotes file content, which holds source addresses.
            var loc = e.getLocation();
            return moveAside(loc == null ? "not valid JSON"
                    : "not valid JSON at line " + loc.getLineNr() + " column " + loc.getColumnNr(), nowMillis);
        } catch (BadShape e) {
            return moveAside(e.getMessage(), nowMillis);
        }
        Map<String, SourceState> active = new HashMap<>();
        all.forEach((source, s) -> {
            if (s.activeAt(nowMillis)) {
                Map<String, Long> running = new HashMap<>(s.cooldowns());
                running.values().removeIf(until -> until <= nowMillis);
                active.put(source, new SourceState(s.firstFailureMillis(), s.failures(), s.blockedUntilMillis(),
                        running));
            }
        });
        return active;
    }

    /**
     * Replaces the file with this state: a 0600 temp file in the same directory, synced, then renamed over the
     * path; the directory is created 0700 when missing.
     *
     * @throws IOException when the path is a symlink or the write fails
     */
    public void write(Map<String, SourceState> state) throws IOException {
        refuseSymlink();
        AtomicFile.write(path, JSON.writeValueAsBytes(toJson(state)), "rw-------");
    }

    private void refuseSymlink() throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException("refusing abuse block state file " + path
                    + ": it is a symbolic link (point the setting at a regular file)");
        }
    }

    private Map<String, SourceState> moveAside(String why, long nowMillis) throws IOException {
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-"
                + ASIDE_STAMP.format(java.time.Instant.ofEpochMilli(nowMillis)));
        Files.move(path, aside);
        LOG.warn("abuse block state file {} is corrupt ({}); moved it to {} and starting with no blocks",
                path, why, aside);
        return Map.of();
    }

    private static ObjectNode toJson(Map<String, SourceState> state) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sources = root.putObject("sources");
        new TreeMap<>(state).forEach((source, s) -> {
            ObjectNode n = sources.putObject(source);
            n.put("first_failure_unix", Math.floorDiv(s.firstFailureMillis(), 1000));
            n.put("failures", s.failures());
            // Round ends up so a reload never shortens a block or cooldown.
            n.put("blocked_until_unix", Math.ceilDiv(s.blockedUntilMillis(), 1000));
            ObjectNode cooldowns = n.putObject("cooldowns");
            new TreeMap<>(s.cooldowns()).forEach((fp, until) -> cooldowns.put(fp, Math.ceilDiv(until, 1000)));
        });
        return root;
    }

    /** Unknown fields are ignored and missing ones are zero; a wrong type anywhere makes the file corrupt. */
    private static Map<String, SourceState> parse(JsonNode root) throws BadShape {
        if (root == null || !root.isObject()) {
            throw new BadShape("top level is not a JSON object");
        }
        JsonNode sources = root.get("sources");
        if (sources == null || sources.isNull()) {
            return Map.of();
        }
        if (!sources.isObject()) {
            throw new BadShape("\"sources\" is not an object");
        }
        Map<String, SourceState> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode n = f.getValue();
            if (!n.isObject()) {
                throw new BadShape("a source entry is not an object");
            }
            Map<String, Long> cooldowns = new HashMap<>();
            JsonNode cd = n.get("cooldowns");
            if (cd != null && !cd.isNull()) {
                if (!cd.isObject()) {
                    throw new BadShape("\"cooldowns\" is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> c = cd.fields(); c.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = c.next();
                    cooldowns.put(e.getKey(), seconds(e.getValue(), "a cooldown") * 1000);
                }
            }
            long failures = seconds(n.get("failures"), "\"failures\"");
            out.put(f.getKey(), new SourceState(seconds(n.get("first_failure_unix"), "\"first_failure_unix\"") * 1000,
                    (int) Math.min(failures, Integer.MAX_VALUE),
                    seconds(n.get("blocked_until_unix"), "\"blocked_until_unix\"") * 1000, cooldowns));
        }
        return out;
    }

    private static long seconds(JsonNode n, String what) throws BadShape {
        if (n == null || n.isNull()) {
            return 0;
        }
        // Bounded so that * 1000 cannot overflow; year 10000 is far enough.
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > 253_402_300_799L) {
            throw new BadShape(what + " is not a non-negative whole number");
        }
        return n.asLong();
    }

    /** A JSON document that is not the state file's shape; its message never quotes the content. */
    private static final class BadShape extends Exception {
        BadShape(String message) {
            super(message, null, false, false);
        }
    }
}
