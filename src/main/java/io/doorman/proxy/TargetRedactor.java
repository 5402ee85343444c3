package io.doorman.proxy;

/** Turns a raw request target into one safe to log (tokens replaced by fingerprints). */
@FunctionalInterface
public interface TargetRedactor {
    String redact(String rawTarget);
}
