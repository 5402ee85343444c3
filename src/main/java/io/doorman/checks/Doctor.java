package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code doorman doctor}'s checks: an ordered list of groups, each adding its checks. When a group finds that
 * the run cannot go on (PMS unreachable, no usable owner token), every later group's checks are skipped with
 * that reason.
 */
public final class Doctor {

    private final List<DoctorGroup> groups;

    public Doctor(List<DoctorGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    /**
     * PMS, its preferences, Local vs Remote, sessions, the front door, exposed ports, plex.tv: add a group here to
     * add it to the doctor.
     */
    public static Doctor standard() {
        return new Doctor(List.of(
                new DoctorPmsGroup(),
                new DoctorPrefsGroup(),
                new DoctorLocalRemoteGroup(),
                new DoctorSessionsGroup(),
                new DoctorFrontDoorGroup(),
                new DoctorExposureGroup(),
                new DoctorPlexTvGroup()));
    }

    /** Runs every group in order, feeding each check to {@code out}; see {@link DoctorContext#stopReason()}. */
    public void run(DoctorContext ctx, Consumer<Check> out) {
        for (DoctorGroup g : groups) {
            if (ctx.stopReason() != null) {
                for (String id : g.ids(ctx.inputs())) {
                    out.accept(Check.skip(id, "not checked: " + ctx.stopReason()));
                }
            } else {
                g.run(ctx, out);
            }
        }
    }

    /** Runs every group and returns the checks in order. */
    public List<Check> run(DoctorContext ctx) {
        List<Check> checks = new ArrayList<>();
        run(ctx, checks::add);
        return checks;
    }
}
