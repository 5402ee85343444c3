package io.doorman.checks;

import io.doorman.config.Cidr;
import io.doorman.config.HostPort;
import io.doorman.config.LockdownSettings;
import io.doorman.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the doctor examines, as values: the PMS URL and owner token, the lock-down settings, Doorman's own
 * listen address and forwarding settings, and where Doorman's admin listener and plex.tv are.
 *
 * @param adminUrl  a running {@code doorman serve}'s admin listener, or null when it is off
 * @param plexTvUrl plex.tv's base URL ({@code https://plex.tv}; a fake on loopback in tests)
 * @param publicCa  CA certificates (PEM) trusted for the public URL besides the JDK's, or null
 * @param timeout   the limit for each call
 */
public record DoctorInputs(URI pmsUrl, Secret ownerToken, LockdownSettings lockdown, HostPort listen,
        List<Cidr> trustedProxies, List<Cidr> lanNetworks, URI adminUrl, URI plexTvUrl, Path publicCa,
        Duration timeout) {

    public DoctorInputs {
        trustedProxies = List.copyOf(trustedProxies);
        lanNetworks = List.copyOf(lanNetworks);
    }

    /** The owner token's text, or null when none was given. */
    String token() {
        return ownerToken == null || ownerToken.isEmpty() ? null : ownerToken.reveal();
    }
}
