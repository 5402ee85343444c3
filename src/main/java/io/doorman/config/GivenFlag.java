package io.doorman.config;

/**
 * A flag as it appeared on a command line.
 *
 * @param spelling how the user wrote its name ({@code -plex-url}, {@code --listen}), for messages
 * @param value    its value; {@code true}/{@code false} for a boolean flag
 */
public record GivenFlag(String spelling, String value) {
}
