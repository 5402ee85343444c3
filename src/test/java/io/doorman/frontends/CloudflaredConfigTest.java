package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.doorman.config.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No cloudflared binary here: the config is read back as YAML, with the notes' comment lines on top, and checked
 * against what cloudflared's ingress validation demands (a catch-all last, every other rule with a hostname).
 */
class CloudflaredConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NOTES = "# Plex > Settings > Network > Custom server access URLs: https://x:443\n"
            + "# Cloudflare limits a request body to 100 MB.\n\n";
    private static final HostPort DOORMAN = new HostPort("127.0.0.1", 33240);

    private static PlexHost media() {
        return PlexHost.of("media", List.of("media.example.com"), URI.create("http://127.0.0.1:32400"));
    }

    private static List<PlexHost> several() {
        PlexHost lounge = new PlexHost("lounge", List.of("plex.example.com", "tv.example.org"), 443,
                URI.create("http://127.0.0.1:32400"), false, FrontendKind.CLOUDFLARED,
                new PlexMode(true, true, false, List.of("plex.home", "tv.home"), true));
        PlexHost cabin = new PlexHost("cabin", List.of("cabin.example.com"), 443,
                URI.create("http://10.0.0.5:32400"), false, FrontendKind.CLOUDFLARED,
                new PlexMode(false, false, false, List.of(), false));
        return List.of(media(), lounge, cabin);
    }

    private static FrontendRequest request(List<PlexHost> hosts, String tunnel, Path credentials) {
        return new FrontendRequest(hosts, DOORMAN, new FrontendRequest.Tls.Automatic(), tunnel, credentials, false);
    }

    private static JsonNode parse(FrontendRequest request) throws Exception {
        List<RenderedFile> files = new CloudflaredConfig().render(request);
        assertThat(files).extracting(RenderedFile::name).as("the name the cloudflared unit runs")
                .containsExactly(request.tunnel() + ".yml");
        return YAML.readTree(NOTES + files.get(0).text());
    }

    /** What cloudflared checks before it starts: the last rule matches everything, no other rule does. */
    private static void assertValidIngress(JsonNode ingress) {
        assertThat(ingress.isArray()).isTrue();
        JsonNode last = ingress.get(ingress.size() - 1);
        assertThat(last.has("hostname")).isFalse();
        assertThat(last.has("path")).isFalse();
        assertThat(last.path("service").asText()).isEqualTo("http_status:404");
        for (int i = 0; i < ingress.size() - 1; i++) {
            JsonNode rule = ingress.get(i);
            assertThat(rule.path("hostname").asText()).as("rule %d", i).isNotEmpty().doesNotContain(":", "*");
            assertThat(rule.path("service").asText()).as("rule %d", i).isNotEmpty();
        }
    }

    @Test
    void oneHostIsOneRuleThenTheCatchAll() throws Exception {
        JsonNode config = parse(request(List.of(media()), null, null));
        assertThat(config.path("tunnel").asText()).isEqualTo(FrontendRequest.DEFAULT_TUNNEL);
        assertThat(config.path("credentials-file").asText()).isEqualTo("/etc/cloudflared/doorman-media.json");
        assertThat(config.path("metrics").asText()).isEqualTo("127.0.0.1:49312");
        assertThat(config.path("no-autoupdate").isBoolean()).isTrue();
        assertThat(config.path("no-autoupdate").asBoolean()).isTrue();
        assertThat(config.path("protocol").asText()).isEqualTo("http2");
        JsonNode ingress = config.path("ingress");
        assertValidIngress(ingress);
        assertThat(ingress).hasSize(2);
        assertThat(ingress.get(0).path("hostname").asText()).isEqualTo("media.example.com");
        assertThat(ingress.get(0).path("service").asText()).isEqualTo("http://127.0.0.1:33240");
        assertThat(ingress.get(0).path("originRequest").path("httpHostHeader").asText()).isEqualTo("media.example.com");
    }

    @Test
    void everyDomainOfEveryHostGetsItsRuleInOrderAndLanAliasesNone() throws Exception {
        JsonNode ingress = parse(request(several(), null, null)).path("ingress");
        assertValidIngress(ingress);
        List<String> hostnames = new ArrayList<>();
        for (JsonNode rule : ingress) {
            if (rule.has("hostname") && !rule.has("path")) {
                hostnames.add(rule.path("hostname").asText());
                assertThat(rule.path("service").asText()).isEqualTo("http://127.0.0.1:33240");
                assertThat(rule.path("originRequest").path("httpHostHeader").asText())
                        .isEqualTo(rule.path("hostname").asText());
            }
        }
        assertThat(hostnames).containsExactly("media.example.com", "plex.example.com", "tv.example.org",
                "cabin.example.com");
        assertThat(ingress.findValuesAsText("hostname")).doesNotContain("plex.home", "tv.home");
    }

    @Test
    void webSocketsOffRefusesPlexSocketsBeforeTheHostsRule() throws Exception {
        JsonNode ingress = parse(request(several(), null, null)).path("ingress");
        List<JsonNode> cabin = new ArrayList<>();
        ingress.forEach(r -> {
            if (r.path("hostname").asText().equals("cabin.example.com")) {
                cabin.add(r);
            }
        });
        assertThat(cabin).hasSize(2);
        assertThat(cabin.get(0).path("path").asText()).isEqualTo("^/:/websockets/");
        assertThat(cabin.get(0).path("service").asText()).isEqualTo("http_status:403");
        assertThat("/:/websockets/notifications").containsPattern(cabin.get(0).path("path").asText());
        assertThat(cabin.get(1).has("path")).isFalse();
        assertThat(ingress.findValuesAsText("path")).hasSize(1);
    }

    @Test
    void aGivenTunnelAndCredentialsFileAreUsedAsTheyAre() throws Exception {
        JsonNode config = parse(request(List.of(media()), "6ff42ae2-765d-4adf-8112-31c55c1551ef",
                Path.of("/var/lib/doorman/tunnel.json")));
        assertThat(config.path("tunnel").asText()).isEqualTo("6ff42ae2-765d-4adf-8112-31c55c1551ef");
        assertThat(config.path("credentials-file").asText()).isEqualTo("/var/lib/doorman/tunnel.json");
        JsonNode byName = parse(request(List.of(media()), "plex-home", null));
        assertThat(byName.path("credentials-file").asText()).isEqualTo("/etc/cloudflared/plex-home.json");
    }

    @Test
    void aTunnelNameYamlWouldMisreadComesBackAsWritten() throws Exception {
        for (String odd : List.of("yes", "12345", "1e5", "null", "0x1F", "on")) {
            JsonNode config = parse(request(List.of(media()), odd, Path.of("/etc/cloudflared/a b#c.json")));
            assertThat(config.path("tunnel").isTextual()).as(odd).isTrue();
            assertThat(config.path("tunnel").asText()).isEqualTo(odd);
            assertThat(config.path("credentials-file").asText()).isEqualTo("/etc/cloudflared/a b#c.json");
        }
    }

    @Test
    void aTunnelNameThatIsNoFileNameIsRefusedNamingTheField() {
        for (String bad : List.of("my tunnel: #1", "\"quoted\"", "../etc/x", "-x", "a%n")) {
            assertThatThrownBy(() -> request(List.of(media()), bad, null)).as(bad)
                    .isInstanceOf(InvalidHostException.class).hasMessageContaining("tunnel");
        }
    }

    @Test
    void anIpv6DoormanIsABracketedService() throws Exception {
        FrontendRequest req = new FrontendRequest(List.of(media()), new HostPort("::1", 33240),
                new FrontendRequest.Tls.Automatic(), null, null, false);
        assertThat(parse(req).path("ingress").get(0).path("service").asText()).isEqualTo("http://[::1]:33240");
    }

    @Test
    void theSameRequestGivesTheSameBytesEndingInANewline() {
        FrontendRequest req = request(several(), null, null);
        List<RenderedFile> first = new CloudflaredConfig().render(req);
        assertThat(new CloudflaredConfig().render(req)).isEqualTo(first);
        assertThat(first.get(0).text()).endsWith("\n").doesNotContain("\n\n");
    }
}
