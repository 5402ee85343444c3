package io.doorman.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loopback ports for programs a test starts and configures before they bind (Caddy, a frontend), and for a
 * "nothing listens there" address (PMS down, an unreachable admin API). The kernel may hand out a just-closed
 * port again, so two ports asked for in a row could be the same one (a Caddy admin API and a site once shared
 * 37071); a port is never handed out twice in one test run.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A loopback port nothing listens on right now and that no earlier call returned. */
    public static int next() {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }
}
