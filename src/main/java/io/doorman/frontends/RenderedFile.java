package io.doorman.frontends;

/**
 * One file of a generated configuration.
 *
 * @param name the file name {@code --out DIR} writes it as, e.g. {@code Caddyfile}, {@code doorman.conf}
 * @param text the whole file, valid as it is for its program
 */
public record RenderedFile(String name, String text) {
}
