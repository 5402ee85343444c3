package io.doorman.cli;

import io.doorman.config.Settings;

/**
 * What a command asks the runner to start.
 *
 * @param prefix   the name that starts every line the process prints ({@code doorman}, {@code plex-label-proxy})
 * @param settings resolved settings
 * @param modeNote appended to the startup line (may be empty); never a secret
 * @param adminListenChosen whether the user set the admin address (flag, env or file): only then does failing
 *                 to bind it stop Doorman from starting
 * @param routesByHost whether the Plex Mode hosts in the data directory's {@code hosts.yaml} are served
 *                 ({@code serve}; {@code plex-label-proxy} keeps the Go tool's one upstream)
 */
public record LaunchPlan(String prefix, Settings settings, String modeNote, boolean adminListenChosen,
        boolean routesByHost) {
}
