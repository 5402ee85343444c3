package io.doorman.console;

import io.doorman.config.Secret;

/** What the setup wizard keeps: the PMS it talks to and the owner token (held by the console's store). */
public interface SetupState {

    /** The PMS URL, or null when none is chosen yet. */
    String pmsUrl();

    void pmsUrl(String url);

    /** The owner token, empty when none is set. */
    Secret ownerToken();

    void ownerToken(Secret token);
}
