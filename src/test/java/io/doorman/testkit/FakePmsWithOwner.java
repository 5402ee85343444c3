package io.doorman.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh fake PMS for each test (register with {@code @RegisterExtension}) that knows the server owner's token, as
 * the owner's, and any shared users' tokens; closed after the test.
 */
public final class FakePmsWithOwner implements BeforeEachCallback, AfterEachCallback {

    private final String ownerToken;
    private final List<String> sharedTokens;
    private FakePms server;

    public FakePmsWithOwner(String ownerToken, String... sharedTokens) {
        this.ownerToken = ownerToken;
        this.sharedTokens = List.of(sharedTokens);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = FakePms.start();
        server.addToken(ownerToken);
        sharedTokens.forEach(server::addToken);
        server.ownerToken(ownerToken);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    /** This test's server. */
    public FakePms server() {
        return server;
    }
}
