package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.frontends.CaddyConfigMerge.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge on its own, over JSON that Caddy 2.6.2's {@code caddy adapt} printed for the Caddyfiles in the comments:
 * Doorman's pieces go in marked, the user's stay as they were, and applying twice changes nothing.
 */
class CaddyConfigMergeTest {

    /** {@code plex.example.test { tls internal; reverse_proxy 127.0.0.1:33240 { flush_interval -1 } }}. */
    private static final String INTERNAL = """
            {"apps":{"http":{"servers":{"srv0":{"listen":[":443"],"routes":[{"match":[{"host":["plex.example.test"]}],\
            "handle":[{"handler":"subroute","routes":[{"handle":[{"flush_interval":-1,"handler":"reverse_proxy",\
            "upstreams":[{"dial":"127.0.0.1:33240"}]}]}]}],"terminal":true}]}}},"tls":{"automation":{"policies":\
            [{"subjects":["plex.example.test"],"issuers":[{"module":"internal"}]}]}}}}""";

    /** {@code plex.example.test, tv.example.test { tls /etc/doorman/tls/cert.pem …key.pem; reverse_proxy … }}. */
    private static final String FILES = """
            {"apps":{"http":{"servers":{"srv0":{"listen":[":443"],"routes":[{"match":[{"host":["plex.example.test",\
            "tv.example.test"]}],"handle":[{"handler":"subroute","routes":[{"handle":[{"handler":"reverse_proxy",\
            "upstreams":[{"dial":"127.0.0.1:33240"}]}]}]}],"terminal":true}],"tls_connection_policies":[{"match":\
            {"sni":["plex.example.test","tv.example.test"]},"certificate_selection":{"any_tag":["cert0"]}},{}]}}},\
            "tls":{"certificates":{"load_files":[{"certificate":"/etc/doorman/tls/cert.pem",\
            "key":"/etc/doorman/tls/key.pem","tags":["cert0"]}]}}}}""";

    /**
     * A user's own Caddyfile: an admin block, {@code user.example.test} with its own certificate files (tag
     * {@code cert0} too), a wildcard site and a {@code :443} catch-all; plus a duration and a fraction that must
     * come back exactly.
     */
    private static final String USER = """
            {"admin":{"listen":"127.0.0.1:2999"},"apps":{"http":{"servers":{"srv0":{"listen":[":443"],"routes":[\
            {"match":[{"host":["user.example.test"]}],"handle":[{"handler":"subroute","routes":[{"handle":[\
            {"body":"user site","handler":"static_response"}]}]}],"terminal":true},{"match":[{"host":\
            ["*.wild.example.test"]}],"handle":[{"handler":"subroute","routes":[{"handle":[{"body":"wild",\
            "handler":"static_response"}]}]}],"terminal":true},{"handle":[{"handler":"subroute","routes":[{"handle":\
            [{"body":"catch-all","handler":"static_response"}]}]}],"terminal":true}],"tls_connection_policies":[\
            {"match":{"sni":["user.example.test"]},"certificate_selection":{"any_tag":["cert0"]}},{}],\
            "idle_timeout":300000000000}}},"tls":{"certificates":{"load_files":[{"certificate":"/etc/user/cert.pem",\
            "key":"/etc/user/key.pem","tags":["cert0"]}]},"automation":{"policies":[{"issuers":[{"module":"acme",\
            "ca":"https://acme.example.test/dir"}]}]}},"pki":{"certificate_authorities":{"local":\
            {"install_trust":false}}}},"logging":{"sampling":{"first":100,"thereafter":0.25}}}""";

    private static JsonNode json(String text) throws Exception {
        return CaddyJson.parse(text);
    }

    private static Outcome.Merged merged(JsonNode current, String adapted) throws Exception {
        Outcome o = CaddyConfigMerge.merge(current, json(adapted));
        assertThat(o).isInstanceOf(Outcome.Merged.class);
        return (Outcome.Merged) o;
    }

    private static String refusal(JsonNode current, String adapted) throws Exception {
        Outcome o = CaddyConfigMerge.merge(current, json(adapted));
        assertThat(o).isInstanceOf(Outcome.Refused.class);
        return ((Outcome.Refused) o).reason();
    }

    /** The config with Doorman's pieces taken out again: what the user had. */
    private static JsonNode withoutDoorman(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        CaddyMarks.strip(copy);
        return copy;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("@id").asText("(user)")));
        return out;
    }

    @Test
    void anEmptyCaddyGetsADoormanServerAndTheInternalCertificatePolicy() throws Exception {
        Outcome.Merged m = merged(null, INTERNAL);
        JsonNode server = m.config().path("apps").path("http").path("servers").path("doorman");
        assertThat(server.path("@id").asText()).isEqualTo("doorman-server-doorman");
        assertThat(server.path("listen").toString()).isEqualTo("[\":443\"]");
        assertThat(ids(server.path("routes"))).containsExactly("doorman-plex.example.test");
        assertThat(server.path("routes").get(0).path("handle").toString()).contains("\"flush_interval\":-1");
        JsonNode policy = m.config().path("apps").path("tls").path("automation").path("policies").get(0);
        assertThat(policy.path("@id").asText()).isEqualTo("doorman-automation-plex.example.test");
        assertThat(policy.path("issuers").toString()).isEqualTo("[{\"module\":\"internal\"}]");
        assertThat(m.changes()).containsExactly(
                "added server doorman listening on :443",
                "added route for plex.example.test -> 127.0.0.1:33240 on server doorman (:443)",
                "added certificate management for plex.example.test (Caddy's internal CA)");
        assertThat(m.placements()).containsExactly(
                new CaddyConfigMerge.Placement("doorman", List.of(":443"), List.of("plex.example.test")));
        assertThat(merged(json("null"), INTERNAL).config()).isEqualTo(m.config());
    }

    @Test
    void intoTheUsersServerOnTheSamePortAheadOfItsCatchAllAndNothingOfTheUsersChanges() throws Exception {
        JsonNode user = json(USER);
        Outcome.Merged m = merged(user, INTERNAL);
        JsonNode srv0 = m.config().path("apps").path("http").path("servers").path("srv0");
        // The wildcard route cannot answer for plex.example.test; the catch-all could, so Doorman's goes before it.
        assertThat(ids(srv0.path("routes"))).containsExactly("(user)", "(user)", "doorman-plex.example.test",
                "(user)");
        assertThat(srv0.path("routes").get(3).toString()).contains("catch-all");
        assertThat(m.config().path("apps").path("http").path("servers").size()).isEqualTo(1);
        // Caddy uses the first automation policy whose subjects match: Doorman's goes before the user's catch-all.
        assertThat(ids(m.config().path("apps").path("tls").path("automation").path("policies")))
                .containsExactly("doorman-automation-plex.example.test", "(user)");
        assertThat(m.config().path("admin")).isEqualTo(user.path("admin"));
        assertThat(CaddyJson.MAPPER.writeValueAsString(m.config().path("logging")))
                .isEqualTo("{\"sampling\":{\"first\":100,\"thereafter\":0.25}}");
        assertThat(srv0.path("idle_timeout").asLong()).isEqualTo(300_000_000_000L);
        assertThat(withoutDoorman(m.config())).isEqualTo(user);
        assertThat(m.changes()).containsExactly(
                "added route for plex.example.test -> 127.0.0.1:33240 on server srv0 (:443)",
                "added certificate management for plex.example.test (Caddy's internal CA)");
    }

    @Test
    void applyingTheSameSiteAgainChangesNothing() throws Exception {
        for (JsonNode start : List.of(json("null"), json(USER), json("{\"admin\":{\"listen\":\"127.0.0.1:2999\"}}"))) {
            for (String site : List.of(INTERNAL, FILES)) {
                JsonNode once = merged(start, site).config();
                Outcome.Merged twice = merged(once, site);
                assertThat(twice.changes()).as("%s into %s", site, start).isEmpty();
                assertThat(twice.config()).isEqualTo(once);
            }
        }
    }

    @Test
    void certificateFilesGetDoormansOwnTagAndTheUsersServerKeepsADefaultPolicy() throws Exception {
        JsonNode user = json(USER);
        Outcome.Merged m = merged(user, FILES);
        JsonNode loads = m.config().path("apps").path("tls").path("certificates").path("load_files");
        assertThat(loads.get(0).path("tags").toString()).isEqualTo("[\"cert0\"]");
        assertThat(loads.get(1).path("tags").toString()).isEqualTo("[\"doorman-cert0\"]");
        assertThat(loads.get(1).path("@id").asText()).isEqualTo("doorman-cert0");
        JsonNode policies = m.config().path("apps").path("http").path("servers").path("srv0")
                .path("tls_connection_policies");
        assertThat(ids(policies)).containsExactly("(user)", "doorman-tls-plex.example.test", "(user)");
        assertThat(policies.get(1).path("certificate_selection").toString()).isEqualTo("{\"any_tag\":[\"doorman-cert0\"]}");
        assertThat(withoutDoorman(m.config())).isEqualTo(user);
        assertThat(m.changes()).containsExactly(
                "added route for plex.example.test, tv.example.test -> 127.0.0.1:33240 on server srv0 (:443)",
                "added TLS certificate choice for plex.example.test, tv.example.test on server srv0 (:443)",
                "added certificate /etc/doorman/tls/cert.pem with key /etc/doorman/tls/key.pem");
    }

    @Test
    void aUserServerWithoutTlsPoliciesGetsACatchAllSoItsOtherNamesKeepWorking() throws Exception {
        JsonNode user = json("""
                {"apps":{"http":{"servers":{"main":{"listen":[":443"],"routes":[{"match":[{"host":\
                ["user.example.test"]}],"handle":[{"handler":"static_response","body":"user site"}]}]}}}}}""");
        Outcome.Merged m = merged(user, FILES);
        JsonNode policies = m.config().path("apps").path("http").path("servers").path("main")
                .path("tls_connection_policies");
        assertThat(ids(policies)).containsExactly("doorman-tls-plex.example.test", "doorman-tls-default-main");
        assertThat(policies.get(1).size()).isEqualTo(1);
        assertThat(withoutDoorman(m.config())).isEqualTo(user);
        assertThat(merged(m.config(), FILES).changes()).isEmpty();
    }

    @Test
    void aChangedSiteIsUpdatedAndAHostNoLongerGeneratedIsRemoved() throws Exception {
        JsonNode first = merged(json(USER), FILES).config();
        String moved = INTERNAL.replace("127.0.0.1:33240", "127.0.0.1:33250");
        Outcome.Merged m = merged(first, moved);
        // The route keeps its id (its first host), so it reads as updated; the certificate pieces went.
        assertThat(m.changes()).containsExactly(
                "updated route for plex.example.test -> 127.0.0.1:33250 on server srv0 (:443)",
                "added certificate management for plex.example.test (Caddy's internal CA)",
                "removed TLS certificate choice for plex.example.test, tv.example.test on server srv0 (:443)",
                "removed certificate /etc/doorman/tls/cert.pem with key /etc/doorman/tls/key.pem");
        assertThat(withoutDoorman(m.config())).isEqualTo(json(USER));

        Outcome.Merged again = merged(merged(json(USER), INTERNAL).config(), moved);
        assertThat(again.changes()).containsExactly(
                "updated route for plex.example.test -> 127.0.0.1:33250 on server srv0 (:443)");
    }

    @Test
    void anotherPortGetsItsOwnServerAndTheUsersServerIsUntouched() throws Exception {
        JsonNode user = json(USER.replace("\"srv0\"", "\"doorman\""));
        String onOtherPort = INTERNAL.replace("\":443\"", "\"127.0.0.1:18443\"");
        Outcome.Merged m = merged(user, onOtherPort);
        JsonNode servers = m.config().path("apps").path("http").path("servers");
        assertThat(servers.path("doorman")).isEqualTo(user.path("apps").path("http").path("servers").path("doorman"));
        assertThat(servers.path("doorman-18443").path("listen").toString()).isEqualTo("[\"127.0.0.1:18443\"]");
        assertThat(m.changes()).startsWith("added server doorman-18443 listening on 127.0.0.1:18443");
        assertThat(withoutDoorman(m.config())).isEqualTo(user);
        assertThat(merged(m.config(), onOtherPort).changes()).isEmpty();
    }

    @Test
    void aMoveToAnotherPortTakesTheRouteAlongAndDropsTheEmptyServer() throws Exception {
        JsonNode first = merged(json(USER), INTERNAL.replace("\":443\"", "\":18443\"")).config();
        Outcome.Merged m = merged(first, INTERNAL);
        assertThat(m.changes()).containsExactly(
                "moved route for plex.example.test -> 127.0.0.1:33240 on server srv0 (:443) (was on server doorman)",
                "removed server doorman listening on :18443");
        assertThat(m.config().path("apps").path("http").path("servers").has("doorman")).isFalse();
    }

    @Test
    void aUserRouteForTheSameHostIsAConflictNotSomethingToShadow() throws Exception {
        String reason = refusal(json(USER.replace("user.example.test", "plex.example.test")), INTERNAL);
        assertThat(reason).isEqualTo("Caddy's server srv0 already has a route for plex.example.test that is not"
                + " Doorman's: remove that site from Caddy, or leave plex.example.test out of Doorman's hosts");
    }

    @Test
    void globalOptionsAndCatchAllSitesAreRefused() throws Exception {
        assertThat(refusal(null, INTERNAL.replaceFirst("\\{\"apps\"", "{\"admin\":{\"listen\":\":2019\"},\"apps\"")))
                .startsWith("the generated Caddyfile sets admin (a global option?)");
        assertThat(refusal(null, INTERNAL.replace("{\"servers\"", "{\"http_port\":8080,\"servers\"")))
                .startsWith("the generated Caddyfile sets apps.http.http_port");
        assertThat(refusal(null, INTERNAL.replace("\"match\":[{\"host\":[\"plex.example.test\"]}],", "")))
                .isEqualTo("the generated Caddyfile has a site on [:443] without a host name; it would answer for"
                        + " the user's sites too");
        assertThat(refusal(null, "null")).isEqualTo("the generated Caddyfile adapts to no site at all");
        assertThat(refusal(json("[1]"), INTERNAL)).isEqualTo("Caddy's running config is not a JSON object");
    }

    @Test
    void automaticHttpsNamesAreAddedButSwitchesOnTheUsersServerAreNotFlipped() throws Exception {
        JsonNode user = json(USER);
        String skipping = INTERNAL.replace("\"listen\":[\":443\"],",
                "\"listen\":[\":443\"],\"automatic_https\":{\"skip_certificates\":[\"plex.example.test\"]},");
        Outcome.Merged m = merged(user, skipping);
        assertThat(m.config().path("apps").path("http").path("servers").path("srv0").path("automatic_https")
                .toString()).isEqualTo("{\"skip_certificates\":[\"plex.example.test\"]}");
        assertThat(m.changes()).contains("added plex.example.test to automatic_https.skip_certificates on server srv0");
        assertThat(merged(m.config(), skipping).changes()).isEmpty();

        String flipping = INTERNAL.replace("\"listen\":[\":443\"],",
                "\"listen\":[\":443\"],\"automatic_https\":{\"disable_redirects\":true},");
        assertThat(refusal(user, flipping)).startsWith("Doorman's site needs automatic_https.disable_redirects = true"
                + " but Caddy's server srv0 serves the user's sites on that port too");
        assertThat(merged(null, flipping).config().path("apps").path("http").path("servers").path("doorman")
                .path("automatic_https").toString()).isEqualTo("{\"disable_redirects\":true}");
    }
}
