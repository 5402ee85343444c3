package io.doorman.frontends;

/** Doorman will not apply this site to this Caddy; the message says why and what to do, nothing was written. */
final class CaddyRefusal extends Exception {

    CaddyRefusal(String message) {
        super(message);
    }
}
