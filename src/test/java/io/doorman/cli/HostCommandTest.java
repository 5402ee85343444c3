package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman host add|list|show|remove} against a real data directory. */
class HostCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cwd;

    private Path data() {
        return cwd.resolve("data");
    }

    private CliRun host(String... args) {
        List<String> all = new ArrayList<>(List.of("host"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", data().toString()));
        return CliRun.run(Map.of(), cwd, all.toArray(String[]::new));
    }

    private CliRun addPlex() {
        return host("add", "plex", "--domain", "media.example.com", "--upstream", "http://127.0.0.1:32400");
    }

    @Test
    void addWritesHostsYamlAndPrintsTheCustomUrl() throws Exception {
        CliRun r = addPlex();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("added host plex (media.example.com -> http://127.0.0.1:32400)")
                .contains("Custom server access URLs: https://media.example.com:443");
        assertThat(Files.readString(data().resolve("hosts.yaml"))).contains("name: plex").contains("media.example.com");
    }

    @Test
    void showJsonIsTheHostObject() throws Exception {
        host("add", "cabin", "--domain", "cabin.example.com,cabin.example.org", "--upstream",
                "https://10-0-0-5.abc.plex.direct:32400", "--port", "8443", "--upstream-skip-verify", "--live-tv",
                "--lan-alias", "plex.home", "--frontend", "nginx", "--no-websockets").succeeds();
        JsonNode h = JSON.readTree(host("show", "cabin", "--json").out());
        assertThat(h.get("name").asText()).isEqualTo("cabin");
        assertThat(h.get("domains")).hasSize(2);
        assertThat(h.get("domains").get(1).asText()).isEqualTo("cabin.example.org");
        assertThat(h.get("port").asInt()).isEqualTo(8443);
        assertThat(h.get("upstream").asText()).isEqualTo("https://10-0-0-5.abc.plex.direct:32400");
        assertThat(h.get("upstreamSkipVerify").asBoolean()).isTrue();
        assertThat(h.get("frontend").asText()).isEqualTo("nginx");
        assertThat(h.get("customUrl").asText()).isEqualTo("https://cabin.example.com:8443");
        JsonNode mode = h.get("plexMode");
        assertThat(mode.get("liveTv").asBoolean()).isTrue();
        assertThat(mode.get("webSockets").asBoolean()).isFalse();
        assertThat(mode.get("forwardClientIp").asBoolean()).isTrue();
        assertThat(mode.get("lanAliases").get(0).asText()).isEqualTo("plex.home");
    }

    @Test
    void listShowsEveryHostInOrder() throws Exception {
        addPlex().succeeds();
        host("add", "cabin", "--domain", "cabin.example.com", "--upstream", "http://10.0.0.5:32400").succeeds();
        JsonNode list = JSON.readTree(host("list", "--json").out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("plex");
        assertThat(list.get(1).get("name").asText()).isEqualTo("cabin");
        assertThat(host("list").out()).contains("plex ").contains("cabin").contains("http://10.0.0.5:32400");
    }

    @Test
    void anEmptyListSaysHowToAdd() throws Exception {
        assertThat(host("list").out()).contains("no hosts").contains("doorman host add");
        assertThat(JSON.readTree(host("list", "--json").out())).isEmpty();
    }

    @Test
    void removeTakesOnlyThatHost() throws Exception {
        addPlex().succeeds();
        host("add", "cabin", "--domain", "cabin.example.com", "--upstream", "http://10.0.0.5:32400").succeeds();
        assertThat(host("remove", "plex").succeeds().out()).startsWith("removed host plex");
        JsonNode list = JSON.readTree(host("list", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("cabin");
    }

    @Test
    void aSecondAddOfOneNameNeedsReplace() throws Exception {
        addPlex().succeeds();
        assertThat(addPlex().failsWith(2).err()).isEqualTo("doorman host add: host 'plex' exists (add --replace to"
                + " replace it)\n");
        host("add", "plex", "--domain", "new.example.com", "--upstream", "http://127.0.0.1:32400", "--replace")
                .succeeds();
        assertThat(JSON.readTree(host("show", "plex", "--json").out()).get("domains").get(0).asText())
                .isEqualTo("new.example.com");
    }

    @Test
    void badValuesNameTheFlagAndExitTwo() {
        assertThat(host("add", "plex", "--domain", "media.example.com", "--upstream", "http://127.0.0.1:32400",
                "--port", "70000").failsWith(2).err()).isEqualTo("doorman host add: --port: 70000 is out of range 1-65535\n");
        assertThat(host("add", "plex", "--domain", "https://media.example.com", "--upstream", "http://127.0.0.1:32400")
                .failsWith(2).err()).startsWith("doorman host add: --domain: 'https://media.example.com' is not a domain");
        assertThat(host("add", "plex", "--domain", "media.example.com", "--upstream", "ftp://127.0.0.1")
                .failsWith(2).err()).startsWith("doorman host add: --upstream: want an http:// or https:// URL");
        assertThat(host("add", "Plex!", "--domain", "media.example.com", "--upstream", "http://127.0.0.1:32400")
                .failsWith(2).err()).startsWith("doorman host add: NAME: 'Plex!' is not a host name");
        assertThat(host("add", "plex", "--domain", "media.example.com", "--upstream", "http://127.0.0.1:32400",
                "--frontend", "apache").failsWith(2).err()).startsWith("doorman host add: --frontend: 'apache' is not");
        assertThat(host("add", "plex", "--upstream", "http://127.0.0.1:32400").failsWith(2).err())
                .contains("--domain is required");
        assertThat(Files.exists(data().resolve("hosts.yaml"))).isFalse();
    }

    @Test
    void aDomainOfAnotherHostIsRefused() {
        addPlex().succeeds();
        assertThat(host("add", "other", "--domain", "media.example.com", "--upstream", "http://10.0.0.5:32400")
                .failsWith(2).err()).isEqualTo("doorman host add: --domain: media.example.com already belongs to host"
                        + " 'plex'\n");
    }

    @Test
    void anUnknownHostIsAUsageErrorListingTheKnownOnes() {
        addPlex().succeeds();
        assertThat(host("show", "nope").failsWith(2).err()).isEqualTo("doorman host show: no host named 'nope' (there"
                + " are plex)\n");
        host("remove", "nope").failsWith(2);
    }

    @Test
    void aBadFileIsAnErrorNamingTheLineAndIsNeverReplaced() throws Exception {
        Files.createDirectories(data());
        String bad = "hosts:\n  - name: plex\n    domains: [media.example.com]\n    upstream: http://127.0.0.1:32400\n"
                + "    port: seventy\n";
        Files.writeString(data().resolve("hosts.yaml"), bad);
        CliRun r = host("add", "cabin", "--domain", "cabin.example.com", "--upstream", "http://10.0.0.5:32400")
                .failsWith(1);
        assertThat(r.err()).isEqualTo("doorman host add: " + data().resolve("hosts.yaml")
                + " line 5: host 'plex': port: want a port number 1-65535\n");
        assertThat(Files.readString(data().resolve("hosts.yaml"))).isEqualTo(bad);
        host("list").failsWith(1);
        host("remove", "plex").failsWith(1);
        assertThat(Files.readString(data().resolve("hosts.yaml"))).isEqualTo(bad);
    }

    @Test
    void theDataDirComesFromTheEnvironmentLikeServe() throws Exception {
        Path dir = cwd.resolve("from-env");
        CliRun r = CliRun.run(Map.of("DOORMAN_DATA_DIR", dir.toString()), cwd, "host", "add", "plex", "--domain",
                "media.example.com", "--upstream", "http://127.0.0.1:32400");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.exists(dir.resolve("hosts.yaml"))).isTrue();
    }

    @Test
    void helpForEachSubcommand() {
        CliRun r = CliRun.run(Map.of(), cwd, "help", "host", "add");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--domain").contains("--upstream").contains("--live-tv").contains("--data-dir");
        assertThat(CliRun.run(Map.of(), cwd, "host").failsWith(2).err()).contains("missing subcommand");
    }
}
