package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import io.doorman.config.ConfigFile;
import io.doorman.config.SettingDef;
import io.doorman.config.SettingsResolver;
import io.doorman.config.SettingsTable;
import io.doorman.config.ValueParsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units under {@code deploy/systemd/}: {@code systemd-analyze verify} prints nothing for any of
 * them (it exits 0 on unknown keys and bad values, so any output is a failure), the hardening the issue asks
 * for is there, the env example names only real settings with values Doorman accepts, every ExecStart is a
 * Doorman command line, and the installed launcher runs the jar with a JDK 21+.
 */
class SystemdUnitsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path UNITS = DEPLOY.resolve("systemd");
    private static final Path LAUNCHER = DEPLOY.resolve("bin/doorman");
    private static final Path ENV_EXAMPLE = UNITS.resolve("doorman.env.example");
    private static final Path README = UNITS.resolve("README.md");
    /** Where the README installs the launcher; every ExecStart runs it. */
    private static final String INSTALLED_LAUNCHER = "/opt/doorman/bin/doorman";
    private static final String ENV_FILE = "/etc/doorman/doorman.env";
    private static final List<String> UNIT_NAMES = List.of("doorman.service", "doorman-health.service",
            "doorman-health.timer", "doorman-prefs.service", "doorman-prefs.timer");
    private static final long PROCESS_LIMIT_SECONDS = 60;

    /** A file-system root for {@code systemd-analyze verify --root}: the system's units, ours, stub executables. */
    @TempDir
    static Path root;

    @BeforeAll
    static void buildVerifyRoot() throws IOException {
        Path systemUnits = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of)
                .filter(p -> Files.isRegularFile(p.resolve("sysinit.target"))).findFirst()
                .orElse(null);
        if (systemUnits == null) {
            fail("no systemd unit directory (/usr/lib/systemd/system with sysinit.target): install Debian's"
                    + " systemd package (apt-get install systemd), which also provides systemd-analyze");
        }
        // The units ours depend on (sysinit.target, network-online.target...) must load inside the root.
        copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String name : UNIT_NAMES) {
            Files.copy(UNITS.resolve(name), etc.resolve(name));
        }
        // verify fails on an ExecStart that does not exist; inside the root it finds this stub, so the units
        // are checked exactly as installed.
        Path stub = root.resolve(INSTALLED_LAUNCHER.substring(1));
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ---- systemd-analyze verify ----

    @ParameterizedTest
    @ValueSource(strings = {"doorman.service", "doorman-health.service", "doorman-health.timer",
            "doorman-prefs.service", "doorman-prefs.timer"})
    void verifyPrintsNothing(String unit) throws Exception {
        Outcome o = verify(root, unit);
        assertThat(o.output()).as("systemd-analyze verify %s printed (exit %d):%n%s", unit, o.code(), o.output())
                .isEmpty();
        assertThat(o.code()).as("systemd-analyze verify %s exit code", unit).isZero();
    }

    @Test
    void everyUnitIsVerified() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            assertThat(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service") || n.endsWith(".timer")))
                    .containsExactlyInAnyOrderElementsOf(UNIT_NAMES);
        }
    }

    /** The check itself: without this, a systemd-analyze that stopped complaining would pass everything. */
    @Test
    void verifyReportsAMisspelledKey(@TempDir Path badRoot) throws Exception {
        copyTree(root, badRoot);
        Path unit = badRoot.resolve("etc/systemd/system/doorman.service");
        Files.writeString(unit, Files.readString(unit).replace("ProtectSystem=strict", "ProtectSytem=strict"));
        Outcome o = verify(badRoot, "doorman.service");
        assertThat(o.output()).contains("Unknown key 'ProtectSytem'");
    }

    @Test
    void everyTimerTriggersAUnitShippedNextToIt() throws IOException {
        for (String name : UNIT_NAMES.stream().filter(n -> n.endsWith(".timer")).toList()) {
            Unit timer = Unit.read(UNITS.resolve(name));
            String target = timer.first("Timer", "Unit").orElse(name.replaceFirst("\\.timer$", ".service"));
            assertThat(UNITS.resolve(target)).as("%s triggers %s", name, target).isRegularFile();
            assertThat(timer.all("Install", "WantedBy")).as(name).containsExactly("timers.target");
        }
    }

    // ---- what the units must say ----

    @Test
    void doormanServiceIsHardened() throws IOException {
        Unit u = Unit.read(UNITS.resolve("doorman.service"));
        assertThat(u.last("Service", "Type")).hasValueSatisfying(t -> assertThat(t).isIn("exec", "simple"));
        assertThat(u.last("Service", "Restart")).contains("on-failure");
        assertThat(u.last("Service", "DynamicUser").isPresent() || u.last("Service", "User").isPresent())
                .as("DynamicUser= or User=").isTrue();
        assertThat(u.last("Service", "User")).as("not root").isNotEqualTo(Optional.of("root"));
        assertThat(u.last("Service", "StateDirectory")).contains("doorman");
        assertThat(u.last("Service", "EnvironmentFile")).contains(ENV_FILE);
        assertThat(u.last("Service", "ProtectSystem")).contains("strict");
        assertThat(u.last("Service", "ProtectHome")).contains("yes");
        assertThat(u.last("Service", "PrivateTmp")).contains("yes");
        assertThat(u.last("Service", "NoNewPrivileges")).contains("yes");
        assertThat(u.last("Service", "CapabilityBoundingSet")).as("empty bounding set").contains("");
        assertThat(u.last("Service", "RestrictAddressFamilies")).contains("AF_INET AF_INET6 AF_UNIX");
        assertThat(u.all("Install", "WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void doormanServiceWaitsLongerThanTheDrain() throws IOException {
        Unit u = Unit.read(UNITS.resolve("doorman.service"));
        Duration drain = ValueParsers.positiveDuration(SettingsTable.find("drain-timeout").orElseThrow().defaultText());
        Duration stop = ValueParsers.positiveDuration(u.last("Service", "TimeoutStopSec").orElseThrow());
        assertThat(stop).isGreaterThan(drain.plusSeconds(5));
    }

    @Test
    void serveKeepsItsDataInTheStateDirectory() throws IOException {
        Unit u = Unit.read(UNITS.resolve("doorman.service"));
        List<String> args = execArgs(u);
        int i = args.indexOf("--data-dir");
        assertThat(i).as("serve gets --data-dir").isPositive();
        assertThat(args.get(i + 1)).isEqualTo("/var/lib/" + u.last("Service", "StateDirectory").orElseThrow());
    }

    @Test
    void prefsServiceIsAHardenedOneshotWithTheSameEnvFile() throws IOException {
        Unit u = Unit.read(UNITS.resolve("doorman-prefs.service"));
        assertThat(u.last("Service", "Type")).contains("oneshot");
        assertThat(u.last("Service", "EnvironmentFile")).contains(ENV_FILE);
        assertThat(u.last("Service", "DynamicUser")).contains("yes");
        assertThat(u.last("Service", "ProtectSystem")).contains("strict");
        assertThat(u.last("Service", "NoNewPrivileges")).contains("yes");
        assertThat(u.last("Service", "CapabilityBoundingSet")).contains("");
        assertThat(execArgs(u).subList(0, 2)).containsExactly("prefs", "enforce");
    }

    @Test
    void healthServiceRunsAsRootSoItMayRestartUnits() throws IOException {
        Unit u = Unit.read(UNITS.resolve("doorman-health.service"));
        assertThat(u.last("Service", "Type")).contains("oneshot");
        assertThat(u.last("Service", "EnvironmentFile")).contains(ENV_FILE);
        // systemctl restart from a non-root or capability-less caller is refused by the service manager.
        assertThat(u.last("Service", "User")).isEmpty();
        assertThat(u.last("Service", "DynamicUser")).isEmpty();
        assertThat(u.last("Service", "CapabilityBoundingSet")).isEmpty();
        assertThat(u.last("Service", "PrivateNetwork")).isEmpty();
        assertThat(u.last("Service", "ProtectSystem")).contains("strict");
        assertThat(u.last("Service", "NoNewPrivileges")).contains("yes");
        assertThat(execArgs(u)).startsWith("health", "--restart");
        // A run must end before the next one is due.
        Duration limit = ValueParsers.positiveDuration(u.last("Service", "TimeoutStartSec").orElseThrow());
        assertThat(limit).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void timersRunEveryMinuteAndEveryFiveMinutes() throws IOException {
        Unit health = Unit.read(UNITS.resolve("doorman-health.timer"));
        assertThat(health.last("Timer", "OnUnitActiveSec")).contains("1min");
        assertThat(health.last("Timer", "OnBootSec")).as("a first run; OnUnitActiveSec alone never starts").isPresent();
        Unit prefs = Unit.read(UNITS.resolve("doorman-prefs.timer"));
        assertThat(prefs.last("Timer", "OnUnitActiveSec")).contains("5min");
        assertThat(prefs.last("Timer", "OnBootSec")).isPresent();
    }

    @Test
    void noUnitLetsTheJvmDieOnWriteExecuteOrCarriesAToken() throws IOException {
        for (String name : UNIT_NAMES) {
            Unit u = Unit.read(UNITS.resolve(name));
            assertThat(u.last("Service", "MemoryDenyWriteExecute")).as(name).isNotEqualTo(Optional.of("yes"));
            String text = Files.readString(UNITS.resolve(name));
            assertThat(text).as(name).doesNotContain("--owner-token").doesNotContain("Environment=DOORMAN_OWNER_TOKEN");
        }
    }

    // ---- ExecStart is a Doorman command line ----

    @ParameterizedTest
    @ValueSource(strings = {"doorman.service", "doorman-prefs.service", "doorman-health.service"})
    void execStartParsesAsADoormanCommandLine(String name) throws IOException {
        Unit u = Unit.read(UNITS.resolve(name));
        List<String> args = execArgs(u);
        assertThatCode(() -> CommandTree.build().parseArgs(args.toArray(String[]::new)))
                .as("%s: doorman %s", name, String.join(" ", args)).doesNotThrowAnyException();
    }

    /** ExecStart's arguments after the launcher; the unit must run the installed launcher. */
    private static List<String> execArgs(Unit u) {
        List<String> starts = u.all("Service", "ExecStart");
        assertThat(starts).as("one ExecStart").hasSize(1);
        String line = starts.get(0);
        // Plain words only, so splitting on blanks is what systemd does too (no quotes, specifiers, variables).
        assertThat(line).as("ExecStart without quoting or expansion").doesNotContain("\"", "'", "%", "$", "\\");
        List<String> words = List.of(line.trim().split("\\s+"));
        assertThat(words.get(0)).isEqualTo(INSTALLED_LAUNCHER);
        return words.subList(1, words.size());
    }

    // ---- the env file example ----

    private static final Pattern ASSIGNMENT = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");

    /** Every assignment in the example, commented ones included (they are the documented alternatives). */
    private static Map<String, String> envExample() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            Matcher m = ASSIGNMENT.matcher(line.trim());
            if (m.matches()) {
                assertThat(vars.put(m.group(1), m.group(2))).as("%s set once", m.group(1)).isNull();
            }
        }
        return vars;
    }

    @Test
    void envExampleNamesOnlyRealSettings() throws IOException {
        Set<String> settings = SettingsTable.ALL.stream().map(SettingDef::envName).collect(Collectors.toSet());
        String launcher = Files.readString(LAUNCHER);
        for (String name : envExample().keySet()) {
            boolean known = settings.contains(name)
                    || name.equals(ConfigFile.ENV)
                    // The launcher's variables, which it must really read.
                    || ((name.equals("DOORMAN_JAVA_OPTS") || name.equals("JAVA_HOME")) && launcher.contains(name));
            assertThat(known).as("%s is a setting (SettingsTable), %s or a launcher variable", name, ConfigFile.ENV)
                    .isTrue();
        }
    }

    @Test
    void envExampleValuesAreAccepted() throws IOException {
        for (Map.Entry<String, String> e : envExample().entrySet()) {
            if (SettingsTable.ALL.stream().anyMatch(d -> d.envName().equals(e.getKey()))) {
                assertThatCode(() -> SettingsResolver.resolve(Map.of(), Map.of(e.getKey(), e.getValue()), ConfigFile.NONE))
                        .as("%s=%s", e.getKey(), e.getValue()).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void envExampleSetsWhatTheServicesNeedWithAPlaceholderToken() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            Matcher m = ASSIGNMENT.matcher(line.trim());
            if (m.matches() && !line.startsWith("#")) {
                vars.put(m.group(1), m.group(2));
            }
        }
        assertThat(vars).containsKeys("DOORMAN_OWNER_TOKEN", "DOORMAN_PUBLIC_URL", "DOORMAN_UPSTREAM", "DOORMAN_LISTEN",
                "DOORMAN_ELEVATE_LIVE_TV");
        // A Plex token is 20 characters of [A-Za-z0-9_-]; the example must not look like one.
        assertThat(vars.get("DOORMAN_OWNER_TOKEN")).startsWith("replace-").doesNotMatch("[A-Za-z0-9_-]{20}");
    }

    @Test
    void readmeInstallsTheEnvFileRootOnlyAndTheLauncherWhereTheUnitsRunIt() throws IOException {
        String readme = Files.readString(README);
        assertThat(readme).contains("install -m 0600 -o root -g root deploy/systemd/doorman.env.example " + ENV_FILE)
                .contains("install -m 0755 deploy/bin/doorman " + INSTALLED_LAUNCHER)
                .contains("install -m 0644 target/doorman.jar /opt/doorman/doorman.jar")
                .contains("install -m 0644 scripts/jdk.sh /opt/doorman/lib/jdk.sh");
        for (String name : UNIT_NAMES) {
            assertThat(readme).as("README installs %s", name).contains("deploy/systemd/" + name);
        }
    }

    // ---- the launcher ----

    /**
     * The launcher in the installed layout, with a jar whose manifest points at this build's classes: it must
     * source its JDK finder, run the jar and pass arguments through. {@code serve --help} with a cache directory also proves the
     * JVM accepts the class-data archive options it adds for serve.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--version", "serve --help"})
    void launcherRunsTheInstalledJar(String command, @TempDir Path opt) throws Exception {
        Files.createDirectories(opt.resolve("bin"));
        Files.createDirectories(opt.resolve("lib"));
        Path launcher = Files.copy(LAUNCHER, opt.resolve("bin/doorman"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("scripts/jdk.sh"), opt.resolve("lib/jdk.sh"));
        writeJarOfThisClasspath(opt.resolve("doorman.jar"));
        Path cache = Files.createDirectories(opt.resolve("cache"));

        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(command.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(opt.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOORMAN_") || k.startsWith("IPTV_TUNERR_")
                || k.startsWith("PLEX_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        // The test JVM (21+): deterministic on any machine; jdk.sh's search of /usr/lib/jvm is ./doorman's too.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CACHE_DIRECTORY", cache.toString());
        Outcome o = run(pb);
        assertThat(o.code()).as("exit code; output:%n%s", o.output()).isZero();
        if (command.equals("--version")) {
            assertThat(o.output()).matches("doorman \\S+\\R");
        } else {
            assertThat(o.output()).contains("--data-dir");
        }
    }

    private static void writeJarOfThisClasspath(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    // ---- helpers ----

    private record Outcome(int code, String output) {
    }

    private static Outcome verify(Path fsRoot, String unit) throws Exception {
        return run(new ProcessBuilder(systemdAnalyze(), "verify", "--man=no", "--generators=no",
                "--root=" + fsRoot.toAbsolutePath(), unit));
    }

    private static String systemdAnalyze() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, "systemd-analyze")).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseGet(() -> fail("systemd-analyze not found on PATH: install Debian's systemd package"
                        + " (apt-get install systemd); .ci/run does"));
    }

    /** Runs a process with stdout and stderr merged, within {@link #PROCESS_LIMIT_SECONDS}. */
    private static Outcome run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        // Read on another thread: a full pipe must not hold the process up while we wait for it.
        var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("%s did not finish within %ds", String.join(" ", pb.command()), PROCESS_LIMIT_SECONDS);
        }
        return new Outcome(p.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path src : (Iterable<Path>) paths::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isSymbolicLink(src)) {
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(src)); // masked units link to /dev/null
                } else if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** A unit file as systemd reads it: sections of {@code Key=Value} lines, comments and blank lines skipped. */
    private record Unit(Map<String, List<Map.Entry<String, String>>> sections) {

        static Unit read(Path file) throws IOException {
            Map<String, List<Map.Entry<String, String>>> sections = new LinkedHashMap<>();
            List<Map.Entry<String, String>> current = null;
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                assertThat(line).as("%s: no continuation lines", file).doesNotEndWith("\\");
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new ArrayList<>());
                    continue;
                }
                int eq = line.indexOf('=');
                assertThat(current).as("%s: %s outside a section", file, line).isNotNull();
                assertThat(eq).as("%s: %s", file, line).isPositive();
                current.add(Map.entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
            }
            return new Unit(sections);
        }

        List<String> all(String section, String key) {
            return sections.getOrDefault(section, List.of()).stream().filter(e -> e.getKey().equals(key))
                    .map(Map.Entry::getValue).toList();
        }

        Optional<String> first(String section, String key) {
            return all(section, key).stream().findFirst();
        }

        /** The value systemd uses for a single-valued key: the last assignment. */
        Optional<String> last(String section, String key) {
            List<String> values = all(section, key);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
        }
    }
}
