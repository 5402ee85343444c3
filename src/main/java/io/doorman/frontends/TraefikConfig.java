package io.doorman.frontends;

import io.doorman.config.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Traefik v3 in front of Doorman, in its two forms: Kubernetes resources (an {@code IngressRoute} per host, the
 * Service and the external {@code EndpointSlice} for Doorman) and the file provider's dynamic configuration.
 */
public final class TraefikConfig implements FrontendRenderer {

    static final String KUBERNETES_FILE = "traefik-kubernetes.yaml";
    static final String FILE_PROVIDER_FILE = "traefik-dynamic.yaml";
    static final String API = "traefik.io/v1alpha1";
    static final String SERVICE = "doorman";
    static final String RESOLVER = "letsencrypt";
    /** Go's reverse proxy flushes after every write with a negative interval: nothing waits in Traefik. */
    static final String FLUSH_INTERVAL = "-1ms";

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    @Override
    public List<RenderedFile> render(FrontendRequest request) {
        String why = endpointProblem(request.doorman().host());
        if (why != null) {
            return List.of(new RenderedFile(FILE_PROVIDER_FILE, fileProvider(request, why)));
        }
        return List.of(new RenderedFile(KUBERNETES_FILE, kubernetes(request)),
                new RenderedFile(FILE_PROVIDER_FILE, fileProvider(request, null)));
    }

    // ---- Kubernetes ----

    private static String kubernetes(FrontendRequest request) {
        HostPort doorman = request.doorman();
        StringBuilder b = new StringBuilder();
        b.append("# Doorman behind Traefik 3 on Kubernetes (CRDs ").append(API)
                .append(", rules and middlewares in v3 syntax).\n");
        b.append("# Apply into Traefik's namespace or one it watches: kubectl apply -n NAMESPACE -f ")
                .append(KUBERNETES_FILE).append('\n');
        staticConfiguration(b, request, false);
        b.append("---\n");
        b.append("# Doorman runs outside the cluster: a Service without a selector, its endpoint given below.\n");
        b.append("apiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(SERVICE).append('\n');
        b.append("spec:\n  ports:\n    - name: http\n      port: ").append(doorman.port())
                .append("\n      protocol: TCP\n");
        b.append("---\n");
        b.append("# Traefik 3.1+ finds Doorman here. Traefik 3.0 reads core v1 Endpoints instead: for it\n");
        b.append("# write an Endpoints object named ").append(SERVICE).append(" with the same address and port.\n");
        b.append("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ").append(SERVICE)
                .append("-external\n  labels:\n    kubernetes.io/service-name: ").append(SERVICE)
                .append("\n    endpointslice.kubernetes.io/managed-by: doorman\n");
        b.append("addressType: ").append(addressType(doorman.host())).append('\n');
        b.append("endpoints:\n  - addresses:\n      - ").append(YamlScalar.of(doorman.host()))
                .append("\n    conditions:\n      ready: true\n");
        b.append("ports:\n  # Doorman's own port: Traefik connects to the endpoint's port, and its name must be the\n");
        b.append("  # Service port's name.\n");
        b.append("  - name: http\n    port: ").append(doorman.port()).append("\n    protocol: TCP\n");
        b.append("---\n");
        b.append("apiVersion: ").append(API).append("\nkind: ServersTransport\nmetadata:\n  name: ").append(SERVICE)
                .append('\n');
        b.append("spec:\n  forwardingTimeouts:\n");
        forwardingTimeouts(b, "    ");
        for (PlexHost h : request.hosts()) {
            kubernetesMiddlewares(b, h);
            ingressRoute(b, h, request);
        }
        return b.toString();
    }

    private static void kubernetesMiddlewares(StringBuilder b, PlexHost h) {
        if (!h.plexMode().forwardClientIp()) {
            b.append("---\n");
            b.append("apiVersion: ").append(API).append("\nkind: Middleware\nmetadata:\n  name: ")
                    .append(noClientAddress(h)).append('\n');
            b.append("spec:\n  headers:\n");
            clientAddressStripped(b, "    ");
        }
        if (!h.plexMode().webSockets()) {
            b.append("---\n");
            b.append("apiVersion: ").append(API).append("\nkind: Middleware\nmetadata:\n  name: ")
                    .append(refuseWebSockets(h)).append('\n');
            b.append("spec:\n");
            nobodyAllowed(b, "  ");
        }
    }

    private static void ingressRoute(StringBuilder b, PlexHost h, FrontendRequest request) {
        b.append("---\n");
        lanAliasesNote(b, h, "");
        b.append("apiVersion: ").append(API).append("\nkind: IngressRoute\nmetadata:\n  name: ").append(h.name())
                .append('\n');
        b.append("spec:\n  entryPoints:\n    - ").append(entryPoint(h)).append('\n');
        b.append("  routes:\n");
        if (!h.plexMode().webSockets()) {
            b.append("    # WebSockets are off for this host: upgrades are refused with 403 (a longer rule wins).\n");
            b.append("    - kind: Rule\n      match: ").append(YamlScalar.of(webSocketRule(h))).append('\n');
            b.append("      middlewares:\n        - name: ").append(refuseWebSockets(h)).append('\n');
            b.append("      services:\n        - name: ").append(SERVICE).append("\n          port: ")
                    .append(request.doorman().port()).append('\n');
        }
        b.append("    - kind: Rule\n      match: ").append(YamlScalar.of(hostRule(h))).append('\n');
        if (!h.plexMode().forwardClientIp()) {
            b.append("      middlewares:\n        - name: ").append(noClientAddress(h)).append('\n');
        }
        b.append("      services:\n        - name: ").append(SERVICE).append("\n          port: ")
                .append(request.doorman().port()).append('\n');
        b.append("          # Doorman routes by Host: keep the one the client sent.\n");
        b.append("          passHostHeader: true\n");
        b.append("          serversTransport: ").append(SERVICE).append('\n');
        b.append("          responseForwarding:\n");
        b.append("            # Flush after every write: streams and Range replies are never held back.\n");
        b.append("            flushInterval: ").append(YamlScalar.of(FLUSH_INTERVAL)).append('\n');
        switch (request.tls()) {
            case FrontendRequest.Tls.Automatic a -> {
                b.append("  # ACME by Traefik's resolver ").append(RESOLVER).append(". With cert-manager instead: ")
                        .append("secretName: ").append(secretName(h)).append('\n');
                b.append("  tls:\n    certResolver: ").append(RESOLVER).append('\n');
            }
            case FrontendRequest.Tls.Files f -> {
                b.append("  # The Secret made from your files: kubectl create secret tls ").append(secretName(h))
                        .append(" --cert=").append(f.cert()).append(" --key=").append(f.key()).append('\n');
                b.append("  tls:\n    secretName: ").append(secretName(h)).append('\n');
            }
            case FrontendRequest.Tls.Internal i -> {
                b.append("  # Traefik's own self-signed default certificate: LAN tests only.\n");
                b.append("  tls: {}\n");
            }
        }
    }

    // ---- file provider ----

    private static String fileProvider(FrontendRequest request, String noKubernetes) {
        StringBuilder b = new StringBuilder();
        b.append("# Doorman behind Traefik 3 with the file provider: dynamic configuration.\n");
        if (noKubernetes != null) {
            b.append("# No Kubernetes form: its EndpointSlice needs Doorman on a node or LAN address, and ")
                    .append(YamlScalar.authority(request.doorman())).append(' ').append(noKubernetes).append(".\n");
        }
        staticConfiguration(b, request, true);
        b.append("http:\n  routers:\n");
        for (PlexHost h : request.hosts()) {
            lanAliasesNote(b, h, "    ");
            b.append("    ").append(h.name()).append(":\n");
            b.append("      rule: ").append(YamlScalar.of(hostRule(h))).append('\n');
            b.append("      entryPoints:\n        - ").append(entryPoint(h)).append('\n');
            if (!h.plexMode().forwardClientIp()) {
                b.append("      middlewares:\n        - ").append(noClientAddress(h)).append('\n');
            }
            b.append("      service: ").append(SERVICE).append('\n');
            routerTls(b, request.tls());
            if (!h.plexMode().webSockets()) {
                b.append("    # WebSockets are off for ").append(h.name())
                        .append(": upgrades are refused with 403 (a longer rule wins).\n");
                b.append("    ").append(h.name()).append("-websockets:\n");
                b.append("      rule: ").append(YamlScalar.of(webSocketRule(h))).append('\n');
                b.append("      entryPoints:\n        - ").append(entryPoint(h)).append('\n');
                b.append("      middlewares:\n        - ").append(refuseWebSockets(h)).append('\n');
                b.append("      service: ").append(SERVICE).append('\n');
                routerTls(b, request.tls());
            }
        }
        if (request.hosts().stream().anyMatch(h -> !h.plexMode().forwardClientIp() || !h.plexMode().webSockets())) {
            b.append("  middlewares:\n");
            for (PlexHost h : request.hosts()) {
                if (!h.plexMode().forwardClientIp()) {
                    b.append("    ").append(noClientAddress(h)).append(":\n      headers:\n");
                    clientAddressStripped(b, "        ");
                }
                if (!h.plexMode().webSockets()) {
                    b.append("    ").append(refuseWebSockets(h)).append(":\n");
                    nobodyAllowed(b, "      ");
                }
            }
        }
        b.append("  services:\n    ").append(SERVICE).append(":\n      loadBalancer:\n");
        b.append("        servers:\n          - url: ")
                .append(YamlScalar.of("http://" + YamlScalar.authority(request.doorman()))).append('\n');
        b.append("        # Doorman routes by Host: keep the one the client sent.\n");
        b.append("        passHostHeader: true\n");
        b.append("        serversTransport: ").append(SERVICE).append('\n');
        b.append("        responseForwarding:\n");
        b.append("          # Flush after every write: streams and Range replies are never held back.\n");
        b.append("          flushInterval: ").append(YamlScalar.of(FLUSH_INTERVAL)).append('\n');
        b.append("  serversTransports:\n    ").append(SERVICE).append(":\n      forwardingTimeouts:\n");
        forwardingTimeouts(b, "        ");
        if (request.tls() instanceof FrontendRequest.Tls.Files f) {
            b.append("tls:\n  certificates:\n    - certFile: ").append(YamlScalar.of(f.cert().toString()))
                    .append("\n      keyFile: ").append(YamlScalar.of(f.key().toString())).append('\n');
        }
        return b.toString();
    }

    private static void routerTls(StringBuilder b, FrontendRequest.Tls tls) {
        switch (tls) {
            case FrontendRequest.Tls.Automatic a -> b.append("      tls:\n        certResolver: ").append(RESOLVER)
                    .append('\n');
            case FrontendRequest.Tls.Files f -> b.append("      tls: {}  # the certificate below, under tls\n");
            case FrontendRequest.Tls.Internal i -> b.append("      tls: {}  # Traefik's self-signed default: tests\n");
        }
    }

    // ---- shared by both forms ----

    /** What only Traefik's static configuration can say, as comments: it is not part of these files. */
    private static void staticConfiguration(StringBuilder b, FrontendRequest request, boolean fileProvider) {
        b.append("# Traefik's static configuration (traefik.yml, or the Helm chart's values) must also hold:\n");
        b.append("#   entryPoints:  # readTimeout 0: the 60s default (2.11.2+, 3.x) cuts uploads and long bodies\n");
        TreeSet<Integer> ports = request.hosts().stream().map(PlexHost::port)
                .collect(Collectors.toCollection(TreeSet::new));
        for (int port : ports) {
            b.append("#     ").append(entryPoint(port)).append(":\n");
            b.append("#       address: \":").append(port).append("\"\n");
            b.append("#       transport:\n#         respondingTimeouts:\n");
            b.append("#           readTimeout: 0\n");
        }
        if (request.tls() instanceof FrontendRequest.Tls.Automatic) {
            b.append("#   certificatesResolvers:\n#     ").append(RESOLVER).append(":\n");
            b.append("#       acme: {email: you@example.com, storage: /data/acme.json, tlsChallenge: {}}\n");
        }
        if (fileProvider) {
            b.append("#   providers:\n#     file: {filename: /etc/traefik/dynamic/").append(FILE_PROVIDER_FILE)
                    .append(", watch: true}\n");
        }
        b.append("# Leave forwardedHeaders.trustedIPs unset unless a proxy stands before Traefik: Traefik then drops\n");
        b.append("# the X-Forwarded-* a client sends and sets X-Forwarded-For, -Proto https and X-Real-Ip itself.\n");
    }

    private static void forwardingTimeouts(StringBuilder b, String indent) {
        b.append(indent).append("# No limit on waiting for PMS's first byte: starting a transcode can be slow.\n");
        b.append(indent).append("responseHeaderTimeout: 0s\n");
        b.append(indent).append("idleConnTimeout: 90s\n");
    }

    private static void clientAddressStripped(StringBuilder b, String indent) {
        b.append(indent).append("# forwardClientIp is off: an empty value removes X-Real-Ip. X-Forwarded-For stays:\n");
        b.append(indent).append("# Doorman tells clients apart by it and leaves it out of what it sends PMS.\n");
        b.append(indent).append("customRequestHeaders:\n");
        b.append(indent).append("  X-Real-Ip: \"\"\n");
    }

    private static void nobodyAllowed(StringBuilder b, String indent) {
        b.append(indent).append("# No client has this address: every request through here gets 403.\n");
        b.append(indent).append("ipAllowList:\n").append(indent).append("  sourceRange:\n");
        b.append(indent).append("    - 255.255.255.255/32\n");
    }

    private static void lanAliasesNote(StringBuilder b, PlexHost h, String indent) {
        if (!h.plexMode().lanAliases().isEmpty()) {
            b.append(indent).append("# ").append(h.name()).append("'s LAN aliases (")
                    .append(String.join(", ", h.plexMode().lanAliases()))
                    .append(") are not served here: no public certificate can name them.\n");
        }
    }

    /** v3 rule syntax: one value per matcher, alternatives joined with {@code ||}. */
    static String hostRule(PlexHost h) {
        return h.domains().stream().map(d -> "Host(`" + d + "`)").collect(Collectors.joining(" || "));
    }

    private static String webSocketRule(PlexHost h) {
        String hosts = h.domains().size() == 1 ? hostRule(h) : "(" + hostRule(h) + ")";
        return hosts + " && HeaderRegexp(`Upgrade`, `(?i)^websocket$`)";
    }

    static String entryPoint(PlexHost h) {
        return entryPoint(h.port());
    }

    private static String entryPoint(int port) {
        return port == PlexHost.DEFAULT_PORT ? "websecure" : "websecure-" + port;
    }

    /** The seed's naming: {@code media.example.com} → {@code media-example-com-tls}. */
    static String secretName(PlexHost h) {
        return h.domains().get(0).replace('.', '-') + "-tls";
    }

    private static String noClientAddress(PlexHost h) {
        return h.name() + "-no-client-address";
    }

    private static String refuseWebSockets(PlexHost h) {
        return h.name() + "-refuse-websockets";
    }

    /**
     * Why Kubernetes would refuse {@code host} as an endpoint address, or null when it takes it: it must be one IP
     * literal, not loopback, link-local, multicast or "any".
     */
    static String endpointProblem(String host) {
        InetAddress a = literal(host);
        if (a == null) {
            return "is not an IP address";
        }
        if (a.isLoopbackAddress()) {
            return "is loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "is every address, not one";
        }
        if (a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return "is link-local or multicast";
        }
        return null;
    }

    private static String addressType(String host) {
        return literal(host) instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    /** The address {@code host} spells, or null for a name: never a DNS lookup. */
    private static InetAddress literal(String host) {
        boolean v4 = IPV4.matcher(host).matches();
        if (v4 && !java.util.Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255)) {
            return null;
        }
        if (!v4 && !host.contains(":")) {
            return null;
        }
        // A dotted quad, or in brackets an IPv6 literal: getByName parses these and asks no resolver.
        try {
            return InetAddress.getByName(v4 ? host : "[" + host + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
