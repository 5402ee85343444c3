package io.doorman.checks;

import io.doorman.checks.CheckReport.Check;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * The doctor's Local-vs-Remote group: finds the address PMS sees Doorman's requests come from, then hands the
 * reasoning to {@link LocalRemoteAnalysis}.
 */
final class DoctorLocalRemoteGroup implements DoctorGroup {

    @Override
    public List<String> ids(DoctorInputs in) {
        return LocalRemoteAnalysis.IDS;
    }

    @Override
    public void run(DoctorContext ctx, Consumer<Check> out) {
        DoctorInputs in = ctx.inputs();
        new LocalRemoteAnalysis(sourceTowards(in.pmsUrl().getHost(), in.pmsUrl().getPort()), in.listen(),
                in.trustedProxies(), in.lanNetworks(), ctx.prefs()).checks().forEach(out);
    }

    /**
     * The local address the system would use to reach PMS: a connected UDP socket asks the routing table and sends
     * nothing. Null when the host does not resolve.
     */
    static InetAddress sourceTowards(String host, int port) {
        try {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            InetAddress target = InetAddress.getByName(h);
            if (target.isLoopbackAddress()) {
                return target;
            }
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(new InetSocketAddress(target, port < 0 ? 32400 : port));
                InetAddress local = s.getLocalAddress();
                return local == null || local.isAnyLocalAddress() ? null : local;
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
