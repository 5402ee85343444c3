package io.doorman.console;

import io.doorman.config.Secret;
import io.doorman.store.SecretKey;
import io.doorman.store.SecretStore;
import java.time.Clock;

/** The setup wizard's state in the console's store (mode 0600, beside hosts.yaml in the data directory). */
public final class StoredSetupState implements SetupState {

    private final SecretStore secrets;
    private final Clock clock;

    public StoredSetupState(SecretStore secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public String pmsUrl() {
        return secrets.get(SecretKey.PMS_URL).map(Secret::reveal).orElse(null);
    }

    @Override
    public void pmsUrl(String url) {
        secrets.put(SecretKey.PMS_URL, new Secret(url), clock.instant());
    }

    @Override
    public Secret ownerToken() {
        return secrets.get(SecretKey.PMS_OWNER_TOKEN).orElse(new Secret(""));
    }

    @Override
    public void ownerToken(Secret token) {
        secrets.put(SecretKey.PMS_OWNER_TOKEN, token, clock.instant());
    }
}
