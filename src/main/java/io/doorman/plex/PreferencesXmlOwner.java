package io.doorman.plex;

import io.doorman.config.Secret;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What Doorman takes from a PMS {@code Preferences.xml}: the owner token (as a {@link Secret}, with its
 * fingerprint for display), the server's identifiers and its friendly name, and the file they came from.
 * {@code processedMachineIdentifier} (40 hex) is, by inference, what the PMS API and GDM call the
 * machine identifier; {@code machineIdentifier} is the UUID it is derived from.
 */
public record PreferencesXmlOwner(Path path, Secret token, String tokenFingerprint,
        Optional<String> machineIdentifier, Optional<String> processedMachineIdentifier,
        Optional<String> friendlyName) {

    public PreferencesXmlOwner {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        machineIdentifier = machineIdentifier == null ? Optional.empty() : machineIdentifier;
        processedMachineIdentifier = processedMachineIdentifier == null ? Optional.empty() : processedMachineIdentifier;
        friendlyName = friendlyName == null ? Optional.empty() : friendlyName;
    }

    /** The identifier to compare with {@code /identity} or GDM: the processed one, else the raw one. */
    public Optional<String> serverIdentifier() {
        return processedMachineIdentifier.or(() -> machineIdentifier);
    }

    @Override
    public String toString() {
        return "PreferencesXmlOwner[path=" + path + ", token=" + tokenFingerprint + ", machineIdentifier="
                + serverIdentifier().orElse("?") + ", friendlyName=" + friendlyName.orElse("") + "]";
    }
}
