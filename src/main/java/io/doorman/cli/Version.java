package io.doorman.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The running Doorman version: the jar manifest's Implementation-Version, else a build resource, else "dev". */
final class Version {

    /** Written by the build with resource filtering, when present. */
    static final String RESOURCE = "/doorman-version.properties";

    private Version() {
    }

    static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v;
        }
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String fromResource = p.getProperty("version", "").trim();
                // An unfiltered resource still says ${project.version}.
                if (!fromResource.isEmpty() && !fromResource.startsWith("${")) {
                    return fromResource;
                }
            }
        } catch (IOException e) {
            // fall through to "dev": a version string is not worth failing for
        }
        return "dev";
    }
}
