package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.frontends.CaddyApplyResult.Outcome;
import io.doorman.frontends.CaddyApplyResult.Probe;
import io.doorman.testkit.ChunkedInputStream;
import io.doorman.testkit.DoormanProxies.Mode;
import io.doorman.testkit.FakeHttpOrigin;
import io.doorman.testkit.FakePmsBehindDoorman;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CaddyApply} against a real {@code caddy run} (2.6.2 here) that already serves a user's sites: a plain one
 * on its own port, and a TLS one (with a catch-all) on the port Doorman's site uses. The upstream is the real
 * Doorman proxy in front of a fake PMS; for the rollback, an origin that is not Doorman, or nothing at all.
 */
class CaddyApplyTest {

    private static final String OWNER = "ownerTOKENcaddyapply1";
    private static final String DOMAIN = "plex.example.test";

    @RegisterExtension
    final FakePmsBehindDoorman doorman = new FakePmsBehindDoorman(OWNER, Mode.PASS_THROUGH);

    @TempDir
    Path dir;

    private int httpPort;
    private int userPort;
    private int tlsPort;
    private RunningCaddy caddy;

    @BeforeEach
    void startCaddy() throws Exception {
        int adminPort = FreePorts.next();
        httpPort = FreePorts.next();
        userPort = FreePorts.next();
        tlsPort = FreePorts.next();
        // http_port keeps Caddy's HTTP->HTTPS redirects off port 80; install_trust keeps its local CA out of the
        // machine's trust store.
        String initial = """
                {"admin":{"listen":"127.0.0.1:%d"},"apps":{"pki":{"certificate_authorities":{"local":\
                {"install_trust":false}}},"http":{"http_port":%d,"servers":{\
                "user":{"listen":["127.0.0.1:%d"],"routes":[{"handle":[{"handler":"static_response",\
                "body":"user site"}]}]},\
                "usertls":{"listen":["127.0.0.1:%d"],"routes":[{"match":[{"host":["user.example.test"]}],\
                "handle":[{"handler":"static_response","body":"user tls site"}],"terminal":true},\
                {"handle":[{"handler":"static_response","body":"user catch-all","status_code":404}]}],\
                "automatic_https":{"disable_redirects":true}}}},\
                "tls":{"automation":{"policies":[{"subjects":["user.example.test"],"issuers":[{"module":"internal"}]}]}}}}\
                """.formatted(adminPort, httpPort, userPort, tlsPort);
        caddy = RunningCaddy.start(dir, adminPort, initial);
    }

    @AfterEach
    void stopCaddy() throws Exception {
        if (caddy != null) {
            caddy.close();
        }
    }

    /** Doorman's site as the renderer writes it, bound to loopback for the test, pointing at {@code upstream}. */
    private String site(int upstreamPort) {
        return """
                %s:%d {
                	bind 127.0.0.1
                	tls internal
                	reverse_proxy 127.0.0.1:%d {
                		flush_interval -1
                		header_up X-Real-IP {remote_host}
                	}
                }
                """.formatted(DOMAIN, tlsPort, upstreamPort);
    }

    private int doormanPort() {
        return doorman.proxy().address().getPort();
    }

    private CaddyApply applier(Runnable beforeWrite) {
        return new CaddyApply(new CaddyAdmin(caddy.admin(), Duration.ofSeconds(30)), Duration.ofSeconds(5),
                Duration.ofSeconds(20), beforeWrite);
    }

    private CaddyApplyResult apply(String caddyfile) {
        return applier(() -> {
        }).run(caddyfile, List.of(DOMAIN), tlsPort);
    }

    private JsonNode config() throws Exception {
        return CaddyJson.parse(caddy.rawConfig());
    }

    private static JsonNode withoutDoorman(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        CaddyMarks.strip(copy);
        return copy;
    }

    /** The user's sites answer as before. */
    private void userSitesAnswer() throws Exception {
        assertThat(RunningCaddy.get(userPort, "127.0.0.1", false, "/")).startsWith("HTTP/1.1 200").endsWith("user site");
        assertThat(RunningCaddy.get(tlsPort, "user.example.test", true, "/")).startsWith("HTTP/1.1 200")
                .endsWith("user tls site");
    }

    @Test
    void appliesBesideTheUsersSitesAndDoormanAnswersThroughCaddy() throws Exception {
        JsonNode before = config();
        CaddyApplyResult r = apply(site(doormanPort()));

        assertThat(r.outcome()).as(caddy.log()).isEqualTo(new Outcome.Applied());
        assertThat(r.ok()).isTrue();
        assertThat(r.changes()).containsExactly(
                "added route for " + DOMAIN + " -> 127.0.0.1:" + doormanPort() + " on server usertls (127.0.0.1:"
                        + tlsPort + ")",
                "added certificate management for " + DOMAIN + " (Caddy's internal CA)");
        assertThat(r.probes()).extracting(Probe::domain, Probe::address, Probe::reachedDoorman)
                .containsExactly(tuple(DOMAIN, "127.0.0.1:" + tlsPort, true));
        assertThat(r.probes().get(0).detail()).contains("from Doorman (Via: 1.1 doorman)");
        assertThat(r.notes()).containsExactly(CaddyApply.WEBSOCKETS);

        String answer = RunningCaddy.get(tlsPort, DOMAIN, true, "/identity");
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("Via: 1.1 doorman");
        userSitesAnswer();
        JsonNode after = config();
        // Ahead of the user's catch-all, which would otherwise have answered for Doorman's host.
        assertThat(after.path("apps").path("http").path("servers").path("usertls").path("routes"))
                .extracting(n -> n.path("@id").asText("(user)"))
                .containsExactly("(user)", "doorman-" + DOMAIN, "(user)");
        assertThat(withoutDoorman(after)).isEqualTo(before);
        assertThat(after.path("admin")).isEqualTo(before.path("admin"));
        assertThat(r.toString()).doesNotContain(OWNER);
    }

    @Test
    void certificateFilesServeDoormansHostAndTheUsersSiteKeepsItsOwnCertificate() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ToolProcess.Outcome made = ToolProcess.run(List.of(ToolProcess.find("openssl", "apt-get install openssl"),
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=" + DOMAIN));
        assertThat(made.code()).as(made.output()).isZero();
        JsonNode before = config();
        String withFiles = site(doormanPort()).replace("tls internal", "tls " + cert + " " + key);
        CaddyApplyResult r = apply(withFiles);

        assertThat(r.outcome()).as(caddy.log()).isEqualTo(new Outcome.Applied());
        assertThat(r.changes()).contains("added certificate " + cert + " with key " + key,
                "added TLS certificate choice for " + DOMAIN + " on server usertls (127.0.0.1:" + tlsPort + ")",
                "added default TLS connection policy on server usertls (127.0.0.1:" + tlsPort + "), so the other"
                        + " names keep their certificates");
        assertThat(RunningCaddy.certificateSubject(tlsPort, DOMAIN)).isEqualTo("CN=" + DOMAIN);
        assertThat(RunningCaddy.certificateSubject(tlsPort, "user.example.test")).doesNotContain(DOMAIN);
        userSitesAnswer();
        assertThat(withoutDoorman(config())).isEqualTo(before);
        assertThat(apply(withFiles).outcome()).isEqualTo(new Outcome.Unchanged());
    }

    @Test
    void applyingTheSameSiteAgainSaysNoChangesAndWritesNothing() throws Exception {
        assertThat(apply(site(doormanPort())).outcome()).as(caddy.log()).isEqualTo(new Outcome.Applied());
        byte[] once = caddy.rawConfig();

        CaddyApplyResult again = apply(site(doormanPort()));
        assertThat(again.outcome()).isEqualTo(new Outcome.Unchanged());
        assertThat(again.changes()).isEmpty();
        assertThat(again.notes()).isEmpty();
        assertThat(again.ok()).isTrue();
        assertThat(caddy.rawConfig()).isEqualTo(once);
    }

    @Test
    void anUpstreamThatIsNotDoormanIsRolledBackToTheConfigAsItWas() throws Exception {
        byte[] before = caddy.rawConfig();
        try (FakeHttpOrigin notDoorman = FakeHttpOrigin.start()) {
            CaddyApplyResult r = apply(site(notDoorman.baseUri().getPort()));

            assertThat(r.outcome()).as(caddy.log()).isInstanceOf(Outcome.RolledBack.class);
            assertThat(((Outcome.RolledBack) r.outcome()).reason()).isEqualTo("the probe of " + DOMAIN
                    + " through Caddy failed: GET /identity answered HTTP 200 without Via: 1.1 doorman, so Caddy"
                    + " does not reach Doorman for " + DOMAIN + " (is Doorman running where the site points?)");
            assertThat(r.ok()).isFalse();
            assertThat(r.changes()).isNotEmpty();
            assertThat(notDoorman.paths()).contains("/identity");
        }
        assertThat(caddy.rawConfig()).isEqualTo(before);
        userSitesAnswer();
    }

    @Test
    void nothingListeningUpstreamIsRolledBackToo() throws Exception {
        byte[] before = caddy.rawConfig();
        CaddyApplyResult r = apply(site(FreePorts.next()));

        assertThat(r.outcome()).as(caddy.log()).isInstanceOf(Outcome.RolledBack.class);
        assertThat(((Outcome.RolledBack) r.outcome()).reason()).contains("answered HTTP 502 without Via");
        assertThat(caddy.rawConfig()).isEqualTo(before);
        userSitesAnswer();
    }

    @Test
    void aConfigChangedBetweenReadAndWriteIsReadAgainAndKept() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        CaddyApplyResult r = applier(() -> {
            if (writes.incrementAndGet() == 1) {
                edit("user site, edited");
            }
        }).run(site(doormanPort()), List.of(DOMAIN), tlsPort);

        assertThat(r.outcome()).as(caddy.log()).isEqualTo(new Outcome.Applied());
        assertThat(writes.get()).isEqualTo(2);
        assertThat(RunningCaddy.get(userPort, "127.0.0.1", false, "/")).endsWith("user site, edited");
        assertThat(RunningCaddy.get(tlsPort, DOMAIN, true, "/identity")).containsIgnoringCase("Via: 1.1 doorman");
    }

    @Test
    void aConfigThatKeepsChangingIsLeftAloneAfterThreeTries() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        CaddyApplyResult r = applier(() -> edit("edit " + writes.incrementAndGet()))
                .run(site(doormanPort()), List.of(DOMAIN), tlsPort);

        assertThat(r.outcome()).isEqualTo(new Outcome.Refused("Caddy's config changed under Doorman 3 times in a"
                + " row (HTTP 412 each time); nothing was written: try again"));
        assertThat(writes.get()).isEqualTo(CaddyApply.ATTEMPTS);
        assertThat(CaddyMarks.collect(config())).isEmpty();
        assertThat(RunningCaddy.get(userPort, "127.0.0.1", false, "/")).endsWith("edit 3");
    }

    private void edit(String body) {
        try {
            caddy.post("/config/apps/http/servers/user/routes/0/handle/0/body", "\"" + body + "\"");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theComputedEtagIsTheOneCaddySendsAsATrailer() throws Exception {
        caddy.post("/config/apps/http/servers/user/routes/0/handle/0/body", "\"user site, é\"");
        byte[] body;
        List<String> trailers;
        try (RawHttp raw = RawHttp.connect("127.0.0.1", caddy.admin().getPort())) {
            raw.send("GET /config/ HTTP/1.1\r\nHost: 127.0.0.1:" + caddy.admin().getPort()
                    + "\r\nConnection: close\r\n\r\n");
            RawResponse head = raw.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Trailer")).isEqualToIgnoringCase("ETag");
            ChunkedInputStream chunked = new ChunkedInputStream(raw.in());
            body = chunked.readAllBytes();
            trailers = chunked.trailers();
        }
        String etag = CaddyEtag.ifMatch("/config/", body);
        assertThat(etag).matches("\"/config/ [0-9a-f]{8}\"");
        assertThat(trailers).containsExactly("Etag: " + etag);
        assertThat(new CaddyAdmin(caddy.admin(), Duration.ofSeconds(10)).config().ifMatch()).isEqualTo(etag);
    }

    @Test
    void anAdminEndpointThatIsDownIsAClearErrorAndNothingElseHappens() throws Exception {
        byte[] before = caddy.rawConfig();
        int nobody = FreePorts.next();
        CaddyApplyResult r = CaddyApply.apply(URI.create("http://127.0.0.1:" + nobody), site(doormanPort()),
                List.of(DOMAIN), tlsPort);

        assertThat(r.outcome()).isEqualTo(new Outcome.Refused("cannot reach Caddy's admin API at http://127.0.0.1:"
                + nobody + ": connection refused (is Caddy running, and is --caddy-admin right?)"));
        assertThat(r.probes()).isEmpty();
        assertThat(r.changes()).isEmpty();
        assertThat(caddy.rawConfig()).isEqualTo(before);
    }

    @Test
    void aConfigCaddyRefusesIsNotWrittenAndTheErrorIsCaddys() throws Exception {
        byte[] before = caddy.rawConfig();
        String missingFiles = site(doormanPort()).replace("tls internal",
                "tls " + dir.resolve("no-cert.pem") + " " + dir.resolve("no-key.pem"));
        CaddyApplyResult r = apply(missingFiles);

        assertThat(r.outcome()).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) r.outcome()).reason()).startsWith("Caddy refused the new config and kept the"
                + " old one: ").contains("loading certificates").contains("no-cert.pem");
        assertThat(caddy.rawConfig()).isEqualTo(before);
        userSitesAnswer();
    }

    @Test
    void aCaddyfileCaddyCannotAdaptIsRefusedWithCaddysMessage() throws Exception {
        byte[] before = caddy.rawConfig();
        CaddyApplyResult r = apply(DOMAIN + " {\n\treverse_proxy 127.0.0.1:1 {\n\t\tstream_timeout 1h\n\t}\n}\n");

        assertThat(r.outcome()).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) r.outcome()).reason()).startsWith("Caddy's admin API at " + caddy.admin()
                + ": POST /adapt answered HTTP 400: ").contains("unrecognized subdirective stream_timeout");
        assertThat(caddy.rawConfig()).isEqualTo(before);
    }

    @Test
    void aCaddyWithNoSitesGetsADoormanServerAndTheAdapterWarningsComeAlong() throws Exception {
        caddy.close();
        int adminPort = FreePorts.next();
        String bare = """
                {"admin":{"listen":"127.0.0.1:%d"},"apps":{"pki":{"certificate_authorities":{"local":\
                {"install_trust":false}}},"http":{"http_port":%d}}}""".formatted(adminPort, httpPort);
        caddy = RunningCaddy.start(Files.createDirectories(dir.resolve("bare")), adminPort, bare);
        JsonNode before = config();
        String unformatted = site(doormanPort()).replace("\t", "  ");
        CaddyApplyResult r = apply(unformatted);

        assertThat(r.outcome()).as(caddy.log()).isEqualTo(new Outcome.Applied());
        assertThat(r.changes()).first().isEqualTo("added server doorman listening on 127.0.0.1:" + tlsPort);
        assertThat(r.warnings()).anyMatch(w -> w.contains("not formatted"));
        assertThat(RunningCaddy.get(tlsPort, DOMAIN, true, "/identity")).containsIgnoringCase("Via: 1.1 doorman");
        assertThat(withoutDoorman(config())).isEqualTo(before);
        assertThat(apply(unformatted).outcome()).isEqualTo(new Outcome.Unchanged());
    }
}
