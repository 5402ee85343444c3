package io.doorman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Small shell scripts in a test's directory that append their name and arguments to one calls file, so a test
 * can assert which commands ran, with what, and in which order.
 */
public final class RecordingCommands {

    private final Path dir;
    private final Path calls;

    public RecordingCommands(Path dir) {
        this.dir = dir;
        this.calls = dir.resolve("calls.txt");
    }

    /** A script that records its call and exits 0. */
    public Path script(String name) {
        return script(name, "");
    }

    /** A script that records its call, then runs {@code thenShell} (e.g. {@code echo oops; exit 4}). */
    public Path script(String name, String thenShell) {
        Path p = dir.resolve(name);
        String text = "#!/bin/sh\nprintf '%s\\n' \"" + name + "${*:+ $*}\" >> '" + calls + "'\n" + thenShell + "\n";
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Each recorded call, {@code name arg1 arg2}, in order; empty when none ran. */
    public List<String> calls() {
        try {
            return Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
