package io.doorman.proxy;

/** One HTTP header field as received or to be sent; names compare case-insensitively. */
public record Header(String name, String value) {
}
