package io.doorman.checks;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which addresses the doctor's exposure group probes and how it tells a public one from a private one: this
 * machine's own addresses normally, stand-ins on loopback in tests.
 */
public record ExposureTargets(Supplier<List<InetAddress>> addresses, Predicate<InetAddress> isPublic) {

    public static ExposureTargets thisMachine() {
        return new ExposureTargets(ExposureProbe::ownAddresses, ExposureProbe::isPublic);
    }
}
