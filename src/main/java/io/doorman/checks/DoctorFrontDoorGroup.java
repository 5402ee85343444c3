package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.util.List;
import java.util.function.Consumer;

/** The doctor's front-door group: the public URL as a client meets it, by {@link FrontDoorProbe}. */
final class DoctorFrontDoorGroup implements DoctorGroup {

    @Override
    public List<String> ids(DoctorInputs in) {
        return List.of(FrontDoorProbe.HTTPS, FrontDoorProbe.CERTIFICATE, FrontDoorProbe.REACHES_DOORMAN,
                FrontDoorProbe.WEBSOCKET);
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        FrontDoorProbe.run(in.lockdown().publicUrl(), in.token(), in.publicCa(), in.timeout(), out);
    }
}
