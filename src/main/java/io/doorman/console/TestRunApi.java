package io.doorman.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.CheckReport.Status;
import io.doorman.checks.CouldNotRun;
import io.doorman.checks.Doctor;
import io.doorman.checks.DoctorContext;
import io.doorman.checks.DoctorHttp;
import io.doorman.checks.DoctorInputs;
import io.doorman.checks.ExposureTargets;
import io.doorman.checks.Validator;
import io.doorman.config.Secret;
import io.doorman.frontends.HostsFile;
import io.doorman.frontends.HostsFileException;
import io.doorman.frontends.PlexHost;
import io.doorman.plex.PmsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * {@code POST /api/hosts/{name}/test}: {@code doorman validate} and then {@code doorman doctor} through the host's
 * public URL ({@code https://<first domain>:<port>}, real HTTP and WebSocket through the front door), one ndjson line
 * per check as soon as it is known ({@code {"check","status","message","fix"}}), then
 * {@code {"done":true,"passed":n,"failed":n}}. The checks are the CLI's; nothing here judges.
 */
public final class TestRunApi {

    /** The validator's one line when it cannot start (proxy unreachable, owner token refused). */
    static final String VALIDATE_COULD_NOT_RUN = "validate.could-not-run";

    private final HostsFile hosts;
    private final DoctorInputs setup;
    private final Supplier<Secret> ownerToken;
    private final SSLContext publicTls;
    private final ExposureTargets exposure;

    /** As serve runs it: the JDK's trust for the public URL, and this machine's own addresses for exposure. */
    public TestRunApi(HostsFile hosts, DoctorInputs setup, Supplier<Secret> ownerToken) {
        this(hosts, setup, ownerToken, null, ExposureTargets.thisMachine());
    }

    /**
     * @param hosts      where the hosts are
     * @param setup      serve's settings as the doctor takes them (PMS URL, lock-down, listen address, trusted
     *                   proxies, LAN networks, admin and plex.tv URLs, extra CA, the timeout for each call); its
     *                   public URL and owner token are replaced for each run
     * @param ownerToken the owner token as it is now (the setup wizard may set it later)
     * @param publicTls  trust for the public URL in the validator (null: the JDK's); the doctor adds
     *                   {@code setup.publicCa()} itself
     * @param exposure   the addresses the doctor's exposure checks probe ({@link ExposureTargets#thisMachine()})
     */
    public TestRunApi(HostsFile hosts, DoctorInputs setup, Supplier<Secret> ownerToken, SSLContext publicTls,
            ExposureTargets exposure) {
        this.hosts = hosts;
        this.setup = setup;
        this.ownerToken = ownerToken;
        this.publicTls = publicTls;
        this.exposure = exposure;
    }

    /** Adds this API's route, for the admin. */
    public void routes(ConsoleRouter router) {
        router.add("POST", "/api/hosts/{name}/test", ConsoleRouter.Access.ADMIN, (r, p) -> test(p.get("name")));
    }

    private ApiResponse test(String name) throws ApiError {
        PlexHost host;
        try {
            host = hosts.load().named(name).orElseThrow(() -> ApiError.notFound("no host named '"
                    + (name.matches("[a-z0-9-]{1,63}") ? name : "?") + "'"));
        } catch (HostsFileException e) {
            throw new ApiError(500, e.getMessage());
        }
        Secret token = ownerToken.get();
        if (token == null || token.isEmpty()) {
            throw new ApiError(409, "no owner token is set: import or paste it in the setup wizard first");
        }
        URI publicUrl = URI.create(host.customUrl());
        DoctorInputs in = new DoctorInputs(setup.pmsUrl(), token, setup.lockdown().withPublicUrl(publicUrl),
                setup.listen(), setup.trustedProxies(), setup.lanNetworks(), setup.adminUrl(), setup.plexTvUrl(),
                setup.publicCa(), setup.timeout());
        return new ApiResponse.Streamed("application/x-ndjson", sink -> run(in, publicUrl, sink), Map.of());
    }

    private void run(DoctorInputs in, URI publicUrl, ApiResponse.Sink sink) throws InterruptedException {
        Lines lines = new Lines(sink);
        try {
            try {
                new Validator(publicTls, in.timeout()).run(new Validator.Inputs(publicUrl, in.ownerToken().reveal(),
                        null, in.pmsUrl()), lines);
            } catch (CouldNotRun e) {
                lines.accept(Check.fail(VALIDATE_COULD_NOT_RUN, e.getMessage(), "check that the frontend for "
                        + publicUrl.getHost() + " runs and forwards to Doorman (see the doctor's frontdoor checks"
                        + " below)"));
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(in.timeout()).build();
            DoctorContext ctx = new DoctorContext(in, new PmsClient(in.pmsUrl(), http), new DoctorHttp(in.timeout()),
                    exposure);
            Doctor.standard().run(ctx, lines);
            lines.done();
        } catch (ClientGone gone) {
            if (gone.interrupted) {
                throw new InterruptedException();
            }
        }
    }

    /** Writes each check as one line as it arrives; unwinds the run once the client has gone. */
    private static final class Lines implements Consumer<Check> {
        private final ApiResponse.Sink sink;
        private int passed;
        private int failed;

        Lines(ApiResponse.Sink sink) {
            this.sink = sink;
        }

        @Override
        public void accept(Check c) {
            if (c.status() == Status.PASS) {
                passed++;
            } else if (c.status() == Status.FAIL) {
                failed++;
            }
            ObjectNode n = ApiRequest.JSON.createObjectNode().put("check", c.id()).put("status", c.status().wire())
                    .put("message", c.summary());
            if (c.fix() == null) {
                n.putNull("fix");
            } else {
                n.put("fix", c.fix());
            }
            send(n);
        }

        void done() {
            send(ApiRequest.JSON.createObjectNode().put("done", true).put("passed", passed).put("failed", failed));
        }

        private void send(ObjectNode line) {
            boolean sent;
            try {
                sent = sink.send(line + "\n");
            } catch (InterruptedException e) {
                throw new ClientGone(true);
            }
            if (!sent) {
                throw new ClientGone(false);
            }
        }
    }

    /** Thrown through the checks to stop them: nobody is reading any more. */
    private static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean interrupted;

        ClientGone(boolean interrupted) {
            super(null, null, false, false);
            this.interrupted = interrupted;
        }
    }
}
