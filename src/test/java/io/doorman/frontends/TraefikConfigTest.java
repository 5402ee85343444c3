package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.doorman.config.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Traefik has no offline validator, so both forms are read back as YAML, with the notes' comment lines on top, and
 * checked for the keys Traefik and Kubernetes need.
 */
class TraefikConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NOTES = "# Plex > Settings > Network > Custom server access URLs: https://x:443\n"
            + "# Never DNAT port 32400.\n\n";
    private static final HostPort LAN = new HostPort("192.168.1.10", 33240);
    private static final HostPort LOOPBACK = new HostPort("127.0.0.1", 33240);
    private static final FrontendRequest.Tls AUTO = new FrontendRequest.Tls.Automatic();

    private static PlexHost media() {
        return PlexHost.of("media", List.of("media.example.com"), URI.create("http://127.0.0.1:32400"));
    }

    /** Two domains on 443, then one on 8443 with client addresses and WebSockets off. */
    private static List<PlexHost> several() {
        PlexHost lounge = new PlexHost("lounge", List.of("plex.example.com", "tv.example.org"), 443,
                URI.create("http://127.0.0.1:32400"), false, FrontendKind.TRAEFIK,
                new PlexMode(true, true, false, List.of("plex.home"), false));
        PlexHost cabin = new PlexHost("cabin", List.of("cabin.example.com"), 8443,
                URI.create("https://10.0.0.5:32400"), true, FrontendKind.TRAEFIK,
                new PlexMode(false, false, true, List.of(), false));
        return List.of(lounge, cabin);
    }

    private static FrontendRequest request(List<PlexHost> hosts, HostPort doorman, FrontendRequest.Tls tls) {
        return new FrontendRequest(hosts, doorman, tls, null, null, false);
    }

    private static List<JsonNode> documents(String text) throws Exception {
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(NOTES + text)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
            return docs;
        }
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void oneHostOnKubernetesIsAServiceItsEndpointSliceAndAnIngressRoute() throws Exception {
        List<RenderedFile> files = new TraefikConfig().render(request(List.of(media()), LAN, AUTO));
        assertThat(files).extracting(RenderedFile::name)
                .containsExactly(TraefikConfig.KUBERNETES_FILE, TraefikConfig.FILE_PROVIDER_FILE);
        List<JsonNode> docs = documents(files.get(0).text());
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactly("Service", "EndpointSlice", "ServersTransport", "IngressRoute");

        JsonNode service = docs.get(0);
        assertThat(service.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(service.path("metadata").path("name").asText()).isEqualTo("doorman");
        assertThat(service.path("spec").has("selector")).isFalse();
        JsonNode servicePort = service.path("spec").path("ports").get(0);
        assertThat(servicePort.path("name").asText()).isEqualTo("http");
        assertThat(servicePort.path("port").asInt()).isEqualTo(33240);

        JsonNode slice = docs.get(1);
        assertThat(slice.path("apiVersion").asText()).isEqualTo("discovery.k8s.io/v1");
        assertThat(slice.path("metadata").path("labels").path("kubernetes.io/service-name").asText())
                .isEqualTo("doorman");
        assertThat(slice.path("metadata").path("labels").path("endpointslice.kubernetes.io/managed-by").asText())
                .isEqualTo("doorman");
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(texts(slice.path("endpoints").get(0).path("addresses"))).containsExactly("192.168.1.10");
        assertThat(slice.path("endpoints").get(0).path("conditions").path("ready").asBoolean()).isTrue();
        JsonNode slicePort = slice.path("ports").get(0);
        assertThat(slicePort.path("name").asText()).isEqualTo(servicePort.path("name").asText());
        assertThat(slicePort.path("port").asInt()).isEqualTo(33240);
        assertThat(slicePort.path("protocol").asText()).isEqualTo("TCP");

        assertThat(docs.get(2).path("apiVersion").asText()).isEqualTo("traefik.io/v1alpha1");
        assertThat(docs.get(2).path("spec").path("forwardingTimeouts").path("responseHeaderTimeout").asText())
                .isEqualTo("0s");

        JsonNode route = docs.get(3);
        assertThat(route.path("apiVersion").asText()).isEqualTo("traefik.io/v1alpha1");
        assertThat(route.path("metadata").path("name").asText()).isEqualTo("media");
        assertThat(texts(route.path("spec").path("entryPoints"))).containsExactly("websecure");
        JsonNode r = route.path("spec").path("routes").get(0);
        assertThat(route.path("spec").path("routes")).hasSize(1);
        assertThat(r.path("kind").asText()).isEqualTo("Rule");
        assertThat(r.path("match").asText()).isEqualTo("Host(`media.example.com`)");
        assertThat(r.has("middlewares")).isFalse();
        JsonNode target = r.path("services").get(0);
        assertThat(target.path("name").asText()).isEqualTo("doorman");
        assertThat(target.path("port").asInt()).isEqualTo(33240);
        assertThat(target.path("passHostHeader").asBoolean()).isTrue();
        assertThat(target.path("serversTransport").asText()).isEqualTo("doorman");
        assertThat(target.path("responseForwarding").path("flushInterval").asText()).isEqualTo("-1ms");
        assertThat(route.path("spec").path("tls").path("certResolver").asText()).isEqualTo("letsencrypt");
        assertThat(route.path("spec").path("tls").has("secretName")).isFalse();
        assertThat(files.get(0).text()).contains("readTimeout: 0", "secretName: media-example-com-tls");
    }

    @Test
    void severalHostsGetARouteEachWithTheirPlexModeMiddlewares() throws Exception {
        FrontendRequest req = request(several(), LAN,
                new FrontendRequest.Tls.Files(Path.of("/etc/tls/site.crt"), Path.of("/etc/tls/site.key")));
        List<JsonNode> docs = documents(new TraefikConfig().render(req).get(0).text());

        List<JsonNode> routes = ofKind(docs, "IngressRoute");
        assertThat(routes).extracting(d -> d.path("metadata").path("name").asText()).containsExactly("lounge", "cabin");
        JsonNode lounge = routes.get(0).path("spec");
        assertThat(lounge.path("routes")).hasSize(1);
        assertThat(lounge.path("routes").get(0).path("match").asText())
                .isEqualTo("Host(`plex.example.com`) || Host(`tv.example.org`)");
        assertThat(lounge.path("tls").path("secretName").asText()).isEqualTo("plex-example-com-tls");
        assertThat(lounge.toString()).doesNotContain("plex.home");

        JsonNode cabin = routes.get(1).path("spec");
        assertThat(texts(cabin.path("entryPoints"))).containsExactly("websecure-8443");
        assertThat(cabin.path("tls").path("secretName").asText()).isEqualTo("cabin-example-com-tls");
        JsonNode refuse = cabin.path("routes").get(0);
        assertThat(refuse.path("match").asText())
                .isEqualTo("Host(`cabin.example.com`) && HeaderRegexp(`Upgrade`, `(?i)^websocket$`)");
        assertThat(refuse.path("middlewares").get(0).path("name").asText()).isEqualTo("cabin-refuse-websockets");
        JsonNode main = cabin.path("routes").get(1);
        assertThat(main.path("match").asText()).isEqualTo("Host(`cabin.example.com`)");
        assertThat(main.path("middlewares").get(0).path("name").asText()).isEqualTo("cabin-no-client-address");

        List<JsonNode> middlewares = ofKind(docs, "Middleware");
        assertThat(middlewares).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactly("cabin-no-client-address", "cabin-refuse-websockets");
        JsonNode headers = middlewares.get(0).path("spec").path("headers").path("customRequestHeaders");
        assertThat(headers.has("X-Forwarded-For")).as("Doorman tells clients apart by it").isFalse();
        assertThat(headers.path("X-Real-Ip").asText()).isEmpty();
        assertThat(texts(middlewares.get(1).path("spec").path("ipAllowList").path("sourceRange")))
                .containsExactly("255.255.255.255/32");
        assertThat(ofKind(docs, "Service")).hasSize(1);
        assertThat(ofKind(docs, "EndpointSlice")).hasSize(1);
    }

    @Test
    void theFileProviderFormRoutesEveryHostToDoormanWithoutBuffering() throws Exception {
        FrontendRequest req = request(several(), LAN,
                new FrontendRequest.Tls.Files(Path.of("/etc/tls/site.crt"), Path.of("/etc/tls/site.key")));
        RenderedFile file = new TraefikConfig().render(req).get(1);
        List<JsonNode> docs = documents(file.text());
        assertThat(docs).hasSize(1);
        JsonNode http = docs.get(0).path("http");

        JsonNode routers = http.path("routers");
        assertThat(iterable(routers.fieldNames())).containsExactly("lounge", "cabin", "cabin-websockets");
        assertThat(routers.path("lounge").path("rule").asText())
                .isEqualTo("Host(`plex.example.com`) || Host(`tv.example.org`)");
        assertThat(texts(routers.path("lounge").path("entryPoints"))).containsExactly("websecure");
        assertThat(routers.path("lounge").path("service").asText()).isEqualTo("doorman");
        assertThat(routers.path("lounge").path("tls").isObject()).isTrue();
        assertThat(texts(routers.path("cabin").path("entryPoints"))).containsExactly("websecure-8443");
        assertThat(texts(routers.path("cabin").path("middlewares"))).containsExactly("cabin-no-client-address");
        assertThat(texts(routers.path("cabin-websockets").path("middlewares")))
                .containsExactly("cabin-refuse-websockets");
        assertThat(routers.path("cabin-websockets").path("rule").asText())
                .hasSizeGreaterThan(routers.path("cabin").path("rule").asText().length());

        assertThat(http.path("middlewares").path("cabin-no-client-address").path("headers")
                .path("customRequestHeaders").path("X-Real-Ip").asText()).isEmpty();
        assertThat(http.path("middlewares").path("cabin-refuse-websockets").path("ipAllowList").path("sourceRange"))
                .hasSize(1);

        JsonNode lb = http.path("services").path("doorman").path("loadBalancer");
        assertThat(lb.path("servers").get(0).path("url").asText()).isEqualTo("http://192.168.1.10:33240");
        assertThat(lb.path("passHostHeader").asBoolean()).isTrue();
        assertThat(lb.path("responseForwarding").path("flushInterval").asText()).isEqualTo("-1ms");
        assertThat(lb.path("serversTransport").asText()).isEqualTo("doorman");
        assertThat(http.path("serversTransports").path("doorman").path("forwardingTimeouts")
                .path("responseHeaderTimeout").asText()).isEqualTo("0s");

        JsonNode cert = docs.get(0).path("tls").path("certificates").get(0);
        assertThat(cert.path("certFile").asText()).isEqualTo("/etc/tls/site.crt");
        assertThat(cert.path("keyFile").asText()).isEqualTo("/etc/tls/site.key");
        assertThat(file.text()).contains("#     websecure:\n#       address: \":443\"",
                "#     websecure-8443:\n#       address: \":8443\"", "readTimeout: 0", "providers:");
    }

    @Test
    void automaticTlsUsesTheResolverAndInternalTraefiksDefaultCertificate() throws Exception {
        JsonNode auto = documents(new TraefikConfig().render(request(List.of(media()), LOOPBACK, AUTO)).get(0)
                .text()).get(0);
        assertThat(auto.path("http").path("routers").path("media").path("tls").path("certResolver").asText())
                .isEqualTo("letsencrypt");
        assertThat(auto.has("tls")).isFalse();
        JsonNode internal = documents(new TraefikConfig().render(request(List.of(media()), LOOPBACK,
                new FrontendRequest.Tls.Internal())).get(0).text()).get(0);
        JsonNode tls = internal.path("http").path("routers").path("media").path("tls");
        assertThat(tls.isObject()).isTrue();
        assertThat(tls.size()).isZero();
    }

    @Test
    void doormanOnLoopbackGetsOnlyTheFileProviderFormAndSaysWhy() throws Exception {
        List<RenderedFile> files = new TraefikConfig().render(request(List.of(media()), LOOPBACK, AUTO));
        assertThat(files).extracting(RenderedFile::name).containsExactly(TraefikConfig.FILE_PROVIDER_FILE);
        assertThat(files.get(0).text()).contains("# No Kubernetes form", "127.0.0.1:33240 is loopback");
        JsonNode lb = documents(files.get(0).text()).get(0).path("http").path("services").path("doorman")
                .path("loadBalancer");
        assertThat(lb.path("servers").get(0).path("url").asText()).isEqualTo("http://127.0.0.1:33240");
    }

    @Test
    void anIpv6DoormanIsAnIpv6EndpointAndABracketedUrl() throws Exception {
        List<RenderedFile> files = new TraefikConfig().render(request(List.of(media()),
                new HostPort("2001:db8::10", 33240), AUTO));
        JsonNode slice = ofKind(documents(files.get(0).text()), "EndpointSlice").get(0);
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv6");
        assertThat(texts(slice.path("endpoints").get(0).path("addresses"))).containsExactly("2001:db8::10");
        assertThat(documents(files.get(1).text()).get(0).path("http").path("services").path("doorman")
                .path("loadBalancer").path("servers").get(0).path("url").asText())
                .isEqualTo("http://[2001:db8::10]:33240");
    }

    @Test
    void onlyAnAddressKubernetesAcceptsBecomesAnEndpoint() {
        assertThat(TraefikConfig.endpointProblem("192.168.1.10")).isNull();
        assertThat(TraefikConfig.endpointProblem("10.0.0.2")).isNull();
        assertThat(TraefikConfig.endpointProblem("2001:db8::10")).isNull();
        assertThat(TraefikConfig.endpointProblem("127.0.0.1")).isEqualTo("is loopback");
        assertThat(TraefikConfig.endpointProblem("127.8.0.1")).isEqualTo("is loopback");
        assertThat(TraefikConfig.endpointProblem("::1")).isEqualTo("is loopback");
        assertThat(TraefikConfig.endpointProblem("0.0.0.0")).isEqualTo("is every address, not one");
        assertThat(TraefikConfig.endpointProblem("::")).isEqualTo("is every address, not one");
        assertThat(TraefikConfig.endpointProblem("169.254.3.4")).isEqualTo("is link-local or multicast");
        assertThat(TraefikConfig.endpointProblem("fe80::1")).isEqualTo("is link-local or multicast");
        assertThat(TraefikConfig.endpointProblem("224.0.0.5")).isEqualTo("is link-local or multicast");
        assertThat(TraefikConfig.endpointProblem("localhost")).isEqualTo("is not an IP address");
        assertThat(TraefikConfig.endpointProblem("doorman.lan")).isEqualTo("is not an IP address");
        assertThat(TraefikConfig.endpointProblem("999.1.1.1")).isEqualTo("is not an IP address");
    }

    @Test
    void theSameRequestGivesTheSameBytesEndingInANewline() {
        FrontendRequest req = request(several(), LAN, AUTO);
        List<RenderedFile> first = new TraefikConfig().render(req);
        assertThat(new TraefikConfig().render(req)).isEqualTo(first);
        assertThat(first).allSatisfy(f -> assertThat(f.text()).endsWith("\n").doesNotContain("\n\n\n"));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
