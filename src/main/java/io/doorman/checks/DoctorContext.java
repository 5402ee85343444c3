package io.doorman.checks;

import io.doorman.plex.PmsClient;
import io.doorman.plex.PmsIdentity;
import java.util.Map;

/**
 * One doctor run's inputs and connections, and what the first group found that later ones need (PMS's identity
 * and preferences), or why the run cannot go on.
 */
public final class DoctorContext {

    private final DoctorInputs inputs;
    private final PmsClient pms;
    private final DoctorHttp http;
    private final ExposureTargets exposureTargets;
    private PmsIdentity identity;
    private Map<String, String> prefs;
    private String stopReason;

    public DoctorContext(DoctorInputs inputs, PmsClient pms, DoctorHttp http) {
        this(inputs, pms, http, ExposureTargets.thisMachine());
    }

    public DoctorContext(DoctorInputs inputs, PmsClient pms, DoctorHttp http, ExposureTargets exposureTargets) {
        this.inputs = inputs;
        this.pms = pms;
        this.http = http;
        this.exposureTargets = exposureTargets;
    }

    public DoctorInputs inputs() {
        return inputs;
    }

    PmsClient pms() {
        return pms;
    }

    DoctorHttp http() {
        return http;
    }

    ExposureTargets exposureTargets() {
        return exposureTargets;
    }

    PmsIdentity identity() {
        return identity;
    }

    void identity(PmsIdentity v) {
        identity = v;
    }

    /** PMS's preferences as the owner token read them. */
    Map<String, String> prefs() {
        return prefs;
    }

    void prefs(Map<String, String> v) {
        prefs = Map.copyOf(v);
    }

    /** Why the doctor could not run (PMS unreachable, the token missing or refused), or null. */
    public String stopReason() {
        return stopReason;
    }

    void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }
}
