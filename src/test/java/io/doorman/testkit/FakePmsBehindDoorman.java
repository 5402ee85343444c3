package io.doorman.testkit;

import io.doorman.proxy.ProxyServer;
import io.doorman.testkit.DoormanProxies.Mode;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test (register with {@code @RegisterExtension}): a {@link FakePmsWithOwner} and the real proxy in front
 * of it, holding the owner's token in the given mode, its audit lines dropped; both stopped after the test.
 */
public final class FakePmsBehindDoorman implements BeforeEachCallback, AfterEachCallback {

    private final String ownerToken;
    private final Mode mode;
    private final FakePmsWithOwner pms;
    private ProxyServer proxy;

    public FakePmsBehindDoorman(String ownerToken, Mode mode) {
        this.ownerToken = ownerToken;
        this.mode = mode;
        this.pms = new FakePmsWithOwner(ownerToken);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        pms.beforeEach(context);
        proxy = DoormanProxies.start(pms.server(), ownerToken, mode, line -> { });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (proxy != null) {
            proxy.shutdown(Duration.ofSeconds(1));
        }
        pms.afterEach(context);
    }

    public FakePms pms() {
        return pms.server();
    }

    public ProxyServer proxy() {
        return proxy;
    }
}
