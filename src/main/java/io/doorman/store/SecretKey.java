package io.doorman.store;

/** The secrets the console holds, by their stored key. */
public enum SecretKey {
    /** The PMS URL chosen in the setup wizard. */
    PMS_URL("pms.url"),
    /** The PMS owner token, pasted or imported from Preferences.xml in the setup wizard. */
    PMS_OWNER_TOKEN("pms.ownerToken");

    private final String key;

    SecretKey(String key) {
        this.key = key;
    }

    /** The stored key. */
    public String key() {
        return key;
    }
}
