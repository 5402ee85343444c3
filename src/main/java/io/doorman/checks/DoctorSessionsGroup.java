package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.DoctorHttp.Answer;
import io.doorman.checks.DoctorHttp.Unreachable;
import io.doorman.plex.DoormanClients;
import io.doorman.plex.DoormanClients.Client;
import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsSession;
import io.doorman.plex.PmsSessions;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The doctor's sessions group: PMS's {@code /status/sessions} (owner token) and the running Doorman's
 * {@code GET /clients} on its admin listener, compared by {@link SessionFindings}.
 */
final class DoctorSessionsGroup implements DoctorGroup {

    private static final int MAX_SESSIONS_BYTES = 4 << 20;
    private static final int MAX_CLIENTS_BYTES = 4 << 20;

    @Override
    public List<String> ids(DoctorInputs in) {
        return SessionFindings.IDS;
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        List<PmsSession> sessions;
        try {
            sessions = PmsSessions.parse(ctx.pms().body(PmsClient.withTokenQuery("/status/sessions", in.token()),
                    "application/xml", in.timeout(), MAX_SESSIONS_BYTES).join());
        } catch (CompletionException | IOException e) {
            String why = e instanceof IOException ? e.getMessage()
                    : PmsFailures.describe(e, in.pmsUrl(), "reading /status/sessions");
            SessionFindings.IDS.forEach(id -> out.accept(Check.skip(id, "not checked: " + why)));
            return;
        }
        List<Client> clients = null;
        String unavailable = null;
        if (in.adminUrl() == null) {
            unavailable = "Doorman's admin listener is off (admin-listen off; give --admin-url)";
        } else if (!sessions.isEmpty()) {
            try {
                clients = readClients(ctx.http(), in.adminUrl());
            } catch (Unreachable | IOException e) {
                unavailable = e.getMessage() + " (is 'doorman serve' running? --admin-url)";
            }
        }
        SessionFindings.checks(sessions, clients, unavailable).forEach(out);
    }

    private static List<Client> readClients(DoctorHttp http, URI admin) throws Unreachable, IOException {
        URI uri = URI.create(admin.toString().replaceAll("/+$", "") + "/clients");
        String who = "Doorman's admin listener at " + admin;
        Answer a = http.get(uri, Map.of("Accept", "application/json"), MAX_CLIENTS_BYTES, who);
        if (a.status() != 200) {
            throw new IOException(who + " answered " + a.status() + " to /clients");
        }
        return DoormanClients.parse(a.body());
    }
}
