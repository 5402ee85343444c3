package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import io.doorman.checks.ExposureProbe.Port;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The doctor's exposure group: whether direct PMS and Doorman's proxy port answer on this machine's own
 * non-loopback addresses ({@link ExposureProbe}). The PMS port is the PMS URL's (32400 when it names none).
 */
final class DoctorExposureGroup implements DoctorGroup {

    static final int PMS_DEFAULT_PORT = 32400;
    /** Own addresses answer or refuse at once; only a dropping firewall makes a probe wait this long. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(2);

    @Override
    public List<String> ids(DoctorInputs in) {
        return ports(in).stream().map(ExposureProbe::checkId).toList();
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        ExposureTargets targets = ctx.exposureTargets();
        Duration connect = in.timeout().compareTo(CONNECT_LIMIT) < 0 ? in.timeout() : CONNECT_LIMIT;
        ExposureProbe.probe(targets.addresses().get(), ports(in), connect, targets.isPublic()).forEach(out);
    }

    private static List<Port> ports(DoctorInputs in) {
        int pms = in.pmsUrl().getPort() > 0 ? in.pmsUrl().getPort() : PMS_DEFAULT_PORT;
        return List.of(Port.pms(pms), Port.proxy(in.listen().port()));
    }
}
