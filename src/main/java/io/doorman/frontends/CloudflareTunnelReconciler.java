package io.doorman.frontends;

import io.doorman.config.AtomicFile;
import io.doorman.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The runbook's tunnel reconciler: make a named, locally configured Cloudflare Tunnel exist, its credentials and
 * config file be on this machine, and each public name be a proxied CNAME to {@code <tunnel-id>.cfargotunnel.com}.
 * Each step looks before it changes anything, so a second run changes nothing and says so. It never deletes: a record
 * in the way is reported, not removed.
 */
public final class CloudflareTunnelReconciler {

    static final String CREDENTIALS_MODE = "rw-------";
    /** Cloudflare's "already exists" codes: a tunnel name taken, and a record identical to the one created. */
    static final int TUNNEL_NAME_TAKEN = 1013;
    static final int RECORD_EXISTS = 81053;
    static final int IDENTICAL_RECORD = 81057;
    private static final int SECRET_BYTES = 32;

    /** What a step found or did. */
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, REFUSED
    }

    /**
     * One thing the reconciler looked after.
     *
     * @param subject what it is ({@code tunnel media}, {@code config /etc/cloudflared/media.yml})
     * @param local   a file on this machine (cloudflared must restart to read it), not something at Cloudflare
     * @param detail  what to know about it, or empty
     */
    public record Step(String subject, Outcome outcome, boolean local, String detail) {

        /** The line a person reads, in the future tense on a dry run. */
        public String line(boolean dryRun) {
            String done = switch (outcome) {
                case CREATED -> dryRun ? "would be created" : "created";
                case UPDATED -> dryRun ? "would be updated" : "updated";
                case UNCHANGED -> "unchanged";
                case REFUSED -> "not changed";
            };
            return subject + ": " + done + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** Every step, in order. */
    public record Report(List<Step> steps, boolean dryRun) {

        public Report {
            steps = List.copyOf(steps);
        }

        /** Anything created or updated (or, on a dry run, anything that would be). */
        public boolean changed() {
            return steps.stream().anyMatch(s -> s.outcome() == Outcome.CREATED || s.outcome() == Outcome.UPDATED);
        }

        /** A local file changed, so a running cloudflared has to restart to use it. */
        public boolean localFilesChanged() {
            return steps.stream().anyMatch(s -> s.local() && (s.outcome() == Outcome.CREATED
                    || s.outcome() == Outcome.UPDATED));
        }

        /** A step could not do its part (a record in the way). */
        public boolean refused() {
            return steps.stream().anyMatch(s -> s.outcome() == Outcome.REFUSED);
        }
    }

    private final CloudflareApi api;
    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param api the Cloudflare API
     * @param dir where cloudflared's config and credentials go ({@link CloudflaredConfig#DEFAULT_DIR})
     */
    public CloudflareTunnelReconciler(CloudflareApi api, Path dir) {
        this.api = api;
        this.dir = dir;
    }

    /**
     * Reconciles once.
     *
     * @param ingress the hosts the tunnel serves, Doorman's address and the tunnel name (the config's file name)
     * @param dryRun  look only: report what would change and change nothing, here or at Cloudflare
     */
    public Report ensure(CloudflareSettings settings, FrontendRequest ingress, boolean dryRun)
            throws CloudflareApiException, IOException {
        List<Step> steps = new ArrayList<>();
        CloudflareApi.Zone zone = api.zone(settings.zoneName());
        if (zone == null) {
            throw new CloudflareApiException(404, List.of(), "zone " + settings.zoneName() + " is not one this token"
                    + " can see (check CLOUDFLARE_ZONE_NAME, and that the token has Zone > DNS > Edit for it)");
        }
        String name = settings.tunnelName();
        CloudflareApi.Tunnel tunnel = api.tunnel(settings.accountId(), name);
        TunnelCredentials created = null;
        if (tunnel == null && !dryRun) {
            Secret secret = newSecret();
            try {
                tunnel = api.createTunnel(settings.accountId(), name, secret.reveal());
                created = new TunnelCredentials(settings.accountId(), tunnel.id(), secret);
            } catch (CloudflareApiException e) {
                // Made by someone else between our look and our create: use that one.
                tunnel = e.hasCode(TUNNEL_NAME_TAKEN) || e.status() == 409 ? api.tunnel(settings.accountId(), name)
                        : null;
                if (tunnel == null) {
                    throw e;
                }
            }
        }
        if (tunnel == null) {
            steps.add(new Step("tunnel " + name, Outcome.CREATED, false, "a new id"));
            steps.add(new Step("credentials " + dir.resolve("<new id>.json"), Outcome.CREATED, true, "mode 0600"));
            steps.add(new Step("config " + dir.resolve(ingress.tunnel() + ".yml"), Outcome.CREATED, true, ""));
            for (String host : settings.hostnames()) {
                steps.add(cnameStep(host, "<new id>.cfargotunnel.com", Outcome.CREATED, ""));
            }
            return new Report(steps, true);
        }
        steps.add(new Step("tunnel " + name, created != null ? Outcome.CREATED : Outcome.UNCHANGED, false, "id "
                + tunnel.id() + (tunnel.remoteConfig() ? "; its ingress is managed in the Cloudflare dashboard, which"
                        + " cloudflared may follow instead of the local file" : "")));
        Path credentials = dir.resolve(tunnel.id() + ".json");
        steps.add(credentials(settings, tunnel, created, credentials, dryRun));
        RenderedFile config = FrontendNotes.withNotes(CloudflaredConfig.forTunnelId(ingress, tunnel.id(), credentials,
                dir), "Written by 'doorman cloudflare ensure' for " + String.join(", ", settings.hostnames()) + ".",
                FrontendNotes.of(ingress, OutputKind.CLOUDFLARED));
        steps.add(writeIfDifferent("config " + dir.resolve(config.name()), dir.resolve(config.name()),
                config.text().getBytes(StandardCharsets.UTF_8), "rw-r--r--", dryRun));
        String target = tunnel.id() + ".cfargotunnel.com";
        for (String host : settings.hostnames()) {
            steps.add(cname(zone, host, target, name, dryRun));
        }
        return new Report(steps, dryRun);
    }

    private Step credentials(CloudflareSettings settings, CloudflareApi.Tunnel tunnel, TunnelCredentials created,
            Path file, boolean dryRun) throws CloudflareApiException, IOException {
        String subject = "credentials " + file;
        if (created == null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && tunnel.id().equals(TunnelCredentials.tunnelIdIn(Files.readAllBytes(file)))) {
            if (hasMode(file, CREDENTIALS_MODE)) {
                return new Step(subject, Outcome.UNCHANGED, true, "");
            }
            if (!dryRun) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(CREDENTIALS_MODE));
            }
            return new Step(subject, Outcome.UPDATED, true, "mode set to 0600");
        }
        TunnelCredentials creds = created;
        if (creds == null) {
            // An existing tunnel's secret is in its run token.
            try {
                creds = TunnelCredentials.fromToken(api.tunnelToken(settings.accountId(), tunnel.id()));
            } catch (IllegalArgumentException e) {
                throw new CloudflareApiException(200, List.of(), "read the token of tunnel " + tunnel.id() + ": "
                        + e.getMessage());
            }
        }
        return writeIfDifferent(subject, file, creds.json().getBytes(StandardCharsets.UTF_8), CREDENTIALS_MODE,
                dryRun);
    }

    private Step writeIfDifferent(String subject, Path file, byte[] text, String mode, boolean dryRun)
            throws IOException {
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (exists && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Arrays.equals(Files.readAllBytes(file), text) && hasMode(file, mode)) {
            return new Step(subject, Outcome.UNCHANGED, true, "");
        }
        if (!dryRun) {
            Files.createDirectories(dir);
            AtomicFile.write(file, text, mode);
        }
        return new Step(subject, exists ? Outcome.UPDATED : Outcome.CREATED, true,
                mode.equals(CREDENTIALS_MODE) ? "mode 0600" : "");
    }

    private Step cname(CloudflareApi.Zone zone, String host, String target, String tunnelName, boolean dryRun)
            throws CloudflareApiException {
        String comment = "doorman cloudflare ensure: tunnel " + tunnelName;
        List<CloudflareApi.DnsRecord> records = api.records(zone.id(), host);
        CloudflareApi.DnsRecord cname = records.stream().filter(r -> r.type().equals("CNAME")).findFirst()
                .orElse(null);
        List<String> others = records.stream().filter(r -> !r.type().equals("CNAME"))
                .map(r -> r.type() + " " + r.content()).toList();
        if (!others.isEmpty()) {
            return cnameStep(host, target, Outcome.REFUSED, host + " also has " + String.join(", ", others)
                    + "; a CNAME cannot share its name: delete " + (others.size() == 1 ? "that record" : "those records")
                    + " in the Cloudflare dashboard (DNS > Records), then run this again");
        }
        if (cname != null) {
            if (cname.content().equalsIgnoreCase(target) && cname.proxied()) {
                return cnameStep(host, target, Outcome.UNCHANGED, "");
            }
            if (!dryRun) {
                api.overwriteCname(zone.id(), cname.id(), host, target, comment);
            }
            return cnameStep(host, target, Outcome.UPDATED, "was " + cname.content()
                    + (cname.proxied() ? "" : ", not proxied"));
        }
        if (!dryRun) {
            try {
                api.createCname(zone.id(), host, target, comment);
            } catch (CloudflareApiException e) {
                if (e.hasCode(IDENTICAL_RECORD)) {
                    return cnameStep(host, target, Outcome.UNCHANGED, "");
                }
                if (e.hasCode(RECORD_EXISTS)) {
                    return cnameStep(host, target, Outcome.REFUSED, "another record named " + host + " is in the"
                            + " way (" + e.getMessage() + ")");
                }
                throw e;
            }
        }
        return cnameStep(host, target, Outcome.CREATED, "");
    }

    private static Step cnameStep(String host, String target, Outcome outcome, String detail) {
        return new Step("CNAME " + host + " -> " + target + " (proxied)", outcome, false, detail);
    }

    private Secret newSecret() {
        byte[] b = new byte[SECRET_BYTES];
        random.nextBytes(b);
        return new Secret(Base64.getEncoder().encodeToString(b));
    }

    private static boolean hasMode(Path file, String mode) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            return perms.equals(PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }
}
