package io.doorman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doorman serve} in a child JVM routing two fake PMS by the hosts in hosts.yaml, and re-reading it. */
class ServeHostsTest {

    @TempDir
    Path cwd;

    private FakePms living;
    private FakePms cabin;
    private ServeProcess serve;
    private List<String> out;
    private List<String> err;

    @BeforeEach
    void start() {
        living = FakePms.start();
        cabin = FakePms.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        living.close();
        cabin.close();
    }

    private Path hostsFile() {
        return cwd.resolve("data").resolve("hosts.yaml");
    }

    private void writeHosts(String text) throws Exception {
        Files.createDirectories(hostsFile().getParent());
        Path tmp = hostsFile().resolveSibling("hosts.yaml.new");
        Files.writeString(tmp, text);
        Files.move(tmp, hostsFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private String twoHosts() {
        return "hosts:\n"
                + "  - name: living\n    domains: [media.example.com]\n    upstream: " + living.baseUri() + "\n"
                + "  - name: cabin\n    domains: [cabin.example.com]\n    upstream: " + cabin.baseUri() + "\n";
    }

    /** Starts serve; returns its proxy port once the startup line is out. */
    private int startServe() throws Exception {
        return startServe(Map.of());
    }

    private int startServe(Map<String, String> env) throws Exception {
        serve = ServeProcess.start(cwd, cwd.resolve("data"), living.baseUri().toString(), env);
        out = serve.out();
        err = serve.err();
        assertThat(serve.started()).contains("hosts: living (media.example.com) -> " + living.baseUri());
        return serve.port();
    }

    private static RawResponse get(int port, String host, String target, String token) throws Exception {
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            c.send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nX-Plex-Token: " + token
                    + "\r\nConnection: close\r\n\r\n");
            return c.readResponse();
        }
    }

    private static int status(int port, String host) throws Exception {
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            c.send("GET /identity HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            return c.readResponse().status();
        }
    }

    @Test
    void routesEachHostToItsPmsAndAStrangerNowhere() throws Exception {
        writeHosts(twoHosts());
        int port = startServe();
        assertThat(status(port, "media.example.com")).isEqualTo(200);
        assertThat(status(port, "cabin.example.com")).isEqualTo(200);
        assertThat(status(port, "evil.example.net")).isEqualTo(404);
        assertThat(living.requests()).hasSize(1);
        assertThat(cabin.requests()).hasSize(1);
        RecordedRequest r = cabin.lastRequest();
        assertThat(r.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
    }

    @Test
    void anEditIsPickedUpAndABadOneKeepsTheRoutes() throws Exception {
        writeHosts(twoHosts());
        int port = startServe();
        writeHosts("hosts:\n  - name: cabin\n    domains: [cabin.example.com, new.example.com]\n    upstream: "
                + cabin.baseUri() + "\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.contains("(reloaded)")));
        assertThat(status(port, "new.example.com")).isEqualTo(200);
        assertThat(status(port, "media.example.com")).isEqualTo(404);
        writeHosts("hosts:\n  - name: cabin\n    port: nope\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> err.stream().anyMatch(l -> l.contains("keeping the routes")));
        assertThat(err).anyMatch(l -> l.contains("hosts.yaml line 3"));
        assertThat(status(port, "new.example.com")).isEqualTo(200);
        assertThat(serve.isAlive()).isTrue();
    }

    @Test
    void aBadFileAtStartIsAnErrorNotAnEmptyTable() throws Exception {
        writeHosts("hosts:\n  - name: x\n    domains: [Not A Domain]\n    upstream: " + living.baseUri() + "\n");
        ProcessBuilder pb = ChildJvm.builder(cwd, List.of("serve", "--listen", "127.0.0.1:0", "--admin-listen", "off"));
        pb.environment().put("DOORMAN_DATA_DIR", cwd.resolve("data").toString());
        ChildJvm.Outcome o = ChildJvm.run(pb);
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith("doorman: hosts: ").contains("line 3").contains("is not a domain");
    }

    /** Live TV on for living (the --upstream PMS) and cabin; den is a second name on cabin's PMS. */
    private String liveTvHosts(boolean denLiveTv) {
        return "hosts:\n"
                + "  - name: living\n    domains: [media.example.com]\n    upstream: " + living.baseUri()
                + "\n    plexMode: {liveTv: true}\n"
                + "  - name: cabin\n    domains: [cabin.example.com]\n    upstream: " + cabin.baseUri()
                + "\n    plexMode: {liveTv: true}\n"
                + "  - name: den\n    domains: [den.example.com]\n    upstream: " + cabin.baseUri()
                + "\n    plexMode: {liveTv: " + denLiveTv + "}\n";
    }

    @Test
    void liveTvIsPerHostAndCheckedAgainstThePmsTheHostRoutesTo() throws Exception {
        String owner = "owner-token-AAAA1111";
        String cabinGuest = "cabin-guest-BBBB2222";
        living.addToken(owner);
        cabin.addToken(owner);
        cabin.addToken(cabinGuest);
        writeHosts(liveTvHosts(false));
        int port = startServe(Map.of("DOORMAN_OWNER_TOKEN", owner));

        assertThat(get(port, "cabin.example.com", "/livetv/dvrs", cabinGuest).status()).isEqualTo(200);
        RecordedRequest elevated = cabin.lastRequest();
        assertThat(elevated.path()).isEqualTo("/livetv/dvrs");
        assertThat(elevated.headers("X-Plex-Token")).as("the cabin's guest borrows the owner's token there")
                .containsExactly(owner);

        cabin.clear();
        get(port, "den.example.com", "/livetv/dvrs", cabinGuest);
        assertThat(cabin.lastRequest().headers("X-Plex-Token")).as("den has Live TV off: the guest's own token")
                .containsExactly(cabinGuest);

        living.clear();
        get(port, "media.example.com", "/livetv/dvrs", cabinGuest);
        RecordedRequest denied = living.awaitRequest(r -> r.path().equals("/livetv/dvrs"), Duration.ofSeconds(10));
        assertThat(denied.headers("X-Plex-Token")).as("the living room's PMS does not know the cabin's guest: not"
                + " elevated, passed on as the guest's own").containsExactly(cabinGuest);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.stream()
                .anyMatch(l -> l.startsWith("plexlabelproxy_audit: outcome=deny_unauthorized_token")));

        writeHosts(liveTvHosts(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.contains("(reloaded)")));
        cabin.clear();
        get(port, "den.example.com", "/livetv/dvrs", cabinGuest);
        assertThat(cabin.lastRequest().headers("X-Plex-Token")).as("Live TV turned on for den by a reload")
                .containsExactly(owner);
        assertThat(String.join("\n", out) + String.join("\n", err)).doesNotContain(owner).doesNotContain(cabinGuest);
    }

    @Test
    void aHostAskingForLiveTvOnReloadWithoutLiveTvWiredIsRefused() throws Exception {
        writeHosts(twoHosts());
        int port = startServe();
        writeHosts(twoHosts() + "    plexMode: {liveTv: true}\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> err.stream().anyMatch(l -> l.contains("keeping the routes")));
        assertThat(err).anyMatch(l -> l.contains("host 'cabin' has Live TV for shared users on")
                && l.contains("restart"));
        assertThat(status(port, "cabin.example.com")).isEqualTo(200);
    }
}
