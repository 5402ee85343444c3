package io.doorman.frontends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorman.config.HostPort;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doorman.nft} from {@link NftablesRules} passes the real {@code nft -c -f} (in a user and network namespace
 * of its own, where an unprivileged user is root), loads twice in a row, and keeps the runbook's order: loopback
 * first, the frontend's ports open, PMS's and Doorman's ports dropped last, and no DNAT anywhere.
 */
class NftablesRulesTest {

    private static final String NOTES = "# Plex -> Settings -> Network -> Custom server access URLs: https://media.example.com:443\n"
            + "# Warning: never DNAT :32400 into Doorman.\n";
    private static final URI PMS = URI.create("http://127.0.0.1:32400");
    private static final HostPort DOORMAN = new HostPort("127.0.0.1", 33240);

    private static String nft;
    private static String unshare;

    private final NftablesRules renderer = new NftablesRules();

    @BeforeAll
    static void findTools() throws Exception {
        nft = ToolProcess.find("nft", "install Debian's nftables package (apt-get install nftables); .ci/run does");
        unshare = ToolProcess.find("unshare", "install Debian's util-linux package");
        ToolProcess.Outcome probe = ToolProcess.run(List.of(unshare, "--user", "--map-root-user", "--net", "true"));
        Assumptions.assumeTrue(probe.code() == 0, () -> "unshare --user --map-root-user --net is refused here"
                + " (unprivileged user namespaces off?), so nft cannot check the rules: " + probe.output().strip());
    }

    @Test
    void oneCaddyHostOpens443AndClosesPmsAndDoorman(@TempDir Path dir) throws Exception {
        String text = render(List.of(host("media", "media.example.com", 443, FrontendKind.CADDY)), DOORMAN);
        check(dir, text);
        List<String> rules = rules(text);
        assertThat(rules).contains("tcp dport 443 accept comment \"doorman: HTTPS frontend\"");
        assertRunbookOrder(rules, "tcp dport { 32400, 33240 } drop");
    }

    @Test
    void severalHostsOpenEachFrontendPortOnce(@TempDir Path dir) throws Exception {
        String text = render(List.of(
                host("media", "media.example.com", 443, FrontendKind.CADDY),
                host("alt", "alt.example.com", 8443, FrontendKind.NGINX),
                host("cluster", "k8s.example.com", 443, FrontendKind.TRAEFIK),
                host("tunnel", "tv.example.org", 443, FrontendKind.CLOUDFLARED)), new HostPort("0.0.0.0", 40000));
        check(dir, text);
        List<String> rules = rules(text);
        assertThat(rules).filteredOn(r -> r.startsWith("tcp dport 443 accept")).hasSize(1);
        assertThat(rules).filteredOn(r -> r.startsWith("tcp dport 8443 accept")).hasSize(1);
        assertRunbookOrder(rules, "tcp dport { 32400, 40000 } drop");
        assertThat(text).contains("caddy for media.example.com; traefik for k8s.example.com.")
                .contains("nginx for alt.example.com.")
                .contains("# No inbound port for tv.example.org (cloudflared): the tunnel connects out to Cloudflare.");
    }

    @Test
    void tunnelsAndTailnetsOpenNoPort(@TempDir Path dir) throws Exception {
        String text = render(List.of(host("tunnel", "tv.example.org", 443, FrontendKind.CLOUDFLARED),
                host("tail", "plex.tail1234.ts.net", 443, FrontendKind.TAILSCALE)), DOORMAN);
        check(dir, text);
        List<String> rules = rules(text);
        assertThat(rules).noneMatch(r -> r.startsWith("tcp dport") && r.contains("accept"));
        assertThat(text).contains("(tailscale): Serve and Funnel arrive through tailscaled's own tunnel.")
                .contains("so no port is opened here.");
        assertRunbookOrder(rules, "tcp dport { 32400, 33240 } drop");
    }

    @Test
    void loadsForRealTwiceAndListsBackOneCopy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("doorman.nft");
        Files.writeString(file, NOTES + render(List.of(host("media", "media.example.com", 443, FrontendKind.CADDY)),
                DOORMAN));
        // One namespace for all three steps: the second load must replace what the first one made.
        String script = nft + " -f " + file + " && " + nft + " -f " + file + " && " + nft + " list table inet doorman";
        ToolProcess.Outcome o = ToolProcess.run(List.of(unshare, "--user", "--map-root-user", "--net", "sh", "-c",
                script));
        assertThat(o.code()).as("load, load again, list:%n%s", o.output()).isZero();
        List<String> listed = o.output().lines().map(String::strip).toList();
        assertThat(listed).filteredOn(l -> l.startsWith("tcp dport { 32400, 33240 } drop")).hasSize(1);
        assertThat(listed).containsSubsequence("iif \"lo\" accept comment \"doorman: loopback (frontend to Doorman to PMS)\"",
                "tcp dport 443 accept comment \"doorman: HTTPS frontend\"",
                "tcp dport { 32400, 33240 } drop comment \"doorman: direct PMS/proxy blocked from public internet\"");
    }

    /** The check itself: nft -c must refuse a broken file, or passing it would mean nothing. */
    @Test
    void theCheckRefusesABrokenFile(@TempDir Path dir) throws Exception {
        String text = render(List.of(host("media", "media.example.com", 443, FrontendKind.CADDY)), DOORMAN)
                .replace("192.168.0.0/16", "192.168.0.0/33");
        Path file = dir.resolve("doorman.nft");
        Files.writeString(file, text);
        ToolProcess.Outcome o = nftCheck(file);
        assertThat(o.code()).isNotZero();
        assertThat(o.output()).contains("Error:");
    }

    @Test
    void aFrontendOnPmsPortIsRefused() {
        assertThatThrownBy(() -> render(List.of(host("media", "media.example.com", 32400, FrontendKind.CADDY)), DOORMAN))
                .isInstanceOf(InvalidHostException.class).hasMessageStartingWith("port: host 'media' publishes port 32400");
    }

    @Test
    void theSameRequestGivesTheSameBytesEndingInANewline() {
        List<PlexHost> hosts = List.of(host("b", "b.example.com", 8443, FrontendKind.NGINX),
                host("a", "a.example.com", 443, FrontendKind.CADDY));
        String text = render(hosts, DOORMAN);
        assertThat(render(hosts, DOORMAN)).isEqualTo(text);
        assertThat(text).endsWith("}\n").doesNotContain("{{").doesNotContain("\n\n\n");
        assertThat(text.indexOf("tcp dport 443 accept")).as("ports in order").isLessThan(text.indexOf("tcp dport 8443 accept"));
    }

    // ---- helpers ----

    private static PlexHost host(String name, String domain, int port, FrontendKind kind) {
        return new PlexHost(name, List.of(domain), port, PMS, false, kind, PlexMode.DEFAULTS);
    }

    private String render(List<PlexHost> hosts, HostPort doorman) {
        List<RenderedFile> files = renderer.render(new FrontendRequest(hosts, doorman,
                new FrontendRequest.Tls.Automatic(), null, null, false));
        assertThat(files).extracting(RenderedFile::name).containsExactly("doorman.nft");
        return files.get(0).text();
    }

    /** {@code nft -c -f} on the file with the notes' comment lines on top: exit 0 and not a word. */
    private static void check(Path dir, String text) throws Exception {
        Path file = dir.resolve("doorman.nft");
        Files.writeString(file, NOTES + text);
        ToolProcess.Outcome o = nftCheck(file);
        assertThat(o.output()).as("nft -c -f printed (exit %d):%n%s%nfor:%n%s", o.code(), o.output(), text).isEmpty();
        assertThat(o.code()).isZero();
    }

    private static ToolProcess.Outcome nftCheck(Path file) throws Exception {
        return ToolProcess.run(List.of(unshare, "--user", "--map-root-user", "--net", nft, "-c", "-f", file.toString()));
    }

    /** The file's rules (not comments, not the set and chain declarations), in order. */
    private static List<String> rules(String text) {
        List<String> rules = new ArrayList<>();
        boolean inChain = false;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("chain input")) {
                inChain = true;
            } else if (inChain && line.equals("}")) {
                inChain = false;
            } else if (inChain && !line.isEmpty() && !line.startsWith("#") && !line.startsWith("type filter")) {
                rules.add(line);
            }
        }
        return rules;
    }

    /** Loopback, established, any frontend accepts, the LAN, then the drop last; never a DNAT or redirect. */
    private static void assertRunbookOrder(List<String> rules, String drop) {
        assertThat(rules.get(0)).startsWith("iif lo accept");
        assertThat(rules.get(1)).startsWith("ct state established,related accept");
        assertThat(rules.get(rules.size() - 3)).startsWith("ip saddr @lan_v4 tcp dport").contains(" accept");
        assertThat(rules.get(rules.size() - 2)).startsWith("ip6 saddr @lan_v6 tcp dport").contains(" accept");
        assertThat(rules.get(rules.size() - 1)).startsWith(drop);
        assertThat(rules.subList(2, rules.size() - 3)).allMatch(r -> r.matches("tcp dport \\d+ accept .*"));
        assertThat(rules).noneMatch(r -> r.toLowerCase(Locale.ROOT).contains("dnat")
                || r.toLowerCase(Locale.ROOT).contains("redirect"));
    }
}
