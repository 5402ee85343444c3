package io.doorman.testkit;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test (register with {@code @RegisterExtension}), what {@code doorman health} looks at, on loopback: a fake
 * cloudflared's metrics, the fake PMS as the origin and a fake public front door; and restart scripts that record
 * their calls. The servers are closed after the test.
 */
public final class HealthCheckFakes implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<Path> scriptDir;
    private FakeCloudflaredMetrics cloudflared;
    private FakePms origin;
    private FakeHttpOrigin front;
    private RecordingCommands scripts;

    /**
     * {@code scriptDir} is asked for before each test, after JUnit has set the test's {@code @TempDir} fields, so
     * {@code () -> dir} works.
     */
    public HealthCheckFakes(Supplier<Path> scriptDir) {
        this.scriptDir = scriptDir;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cloudflared = FakeCloudflaredMetrics.start();
        origin = FakePms.start();
        front = FakeHttpOrigin.start();
        scripts = new RecordingCommands(scriptDir.get());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        cloudflared.close();
        origin.close();
        front.close();
    }

    public FakeCloudflaredMetrics cloudflared() {
        return cloudflared;
    }

    /** The local origin the tunnel forwards to ({@code /identity} answers as PMS's does). */
    public FakePms origin() {
        return origin;
    }

    /** The public front door. */
    public FakeHttpOrigin front() {
        return front;
    }

    /** The restart commands' stand-ins. */
    public RecordingCommands scripts() {
        return scripts;
    }
}
