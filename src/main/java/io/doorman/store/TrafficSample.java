package io.doorman.store;

import java.time.Instant;

/** Proxy traffic in one minute (starting at {@code minute}): requests, bytes and errors. */
public record TrafficSample(Instant minute, long requests, long bytes, long errors) {
}
