package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.plex.PmsClient;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.FreePorts;
import io.doorman.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token checks against a fake PMS that knows some tokens: answers, cache, single flight, failing closed. */
class TokenVerifierTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private TokenVerifier verifier(URI upstream, Duration ttl, int max) {
        // Far above any answer the fake gives on purpose, so a slow CI machine never turns a check into a timeout.
        return verifier(upstream, ttl, max, Duration.ofSeconds(3));
    }

    private TokenVerifier verifier(URI upstream, Duration ttl, int max, Duration timeout) {
        return new TokenVerifier(new PmsClient(upstream, http), ttl, max, timeout, clock::get);
    }

    private static long sectionChecks(FakePms pms) {
        return pms.requests().stream().filter(r -> r.path().equals("/library/sections")).count();
    }

    @Test
    void knownTokenIsAllowedUnknownIsNotAndBothAreCached() throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken("shared-user-token");
            TokenVerifier v = verifier(pms.baseUri(), Duration.ofMinutes(5), 1000);
            assertThat(v.verify("shared-user-token").get(5, TimeUnit.SECONDS)).isEqualTo(new TokenVerifier.Verdict(true, false));
            assertThat(v.verify("random-token").get(5, TimeUnit.SECONDS)).isEqualTo(new TokenVerifier.Verdict(false, false));
            assertThat(v.verify("shared-user-token").get(5, TimeUnit.SECONDS)).isEqualTo(new TokenVerifier.Verdict(true, true));
            assertThat(v.verify("random-token").get(5, TimeUnit.SECONDS)).isEqualTo(new TokenVerifier.Verdict(false, true));
            assertThat(sectionChecks(pms)).isEqualTo(2);
            RecordedRequest first = pms.requests().get(0);
            assertThat(first.queryParam("X-Plex-Token")).isEqualTo("shared-user-token");
        }
    }

    @Test
    void answersExpireAfterTheirLifetime() throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken("t");
            TokenVerifier v = verifier(pms.baseUri(), Duration.ofMinutes(5), 1000);
            v.verify("t").get(5, TimeUnit.SECONDS);
            clock.addAndGet(Duration.ofMinutes(4).toNanos());
            assertThat(v.verify("t").get(5, TimeUnit.SECONDS).cacheHit()).isTrue();
            clock.addAndGet(Duration.ofMinutes(2).toNanos());
            assertThat(v.verify("t").get(5, TimeUnit.SECONDS).cacheHit()).isFalse();
            assertThat(sectionChecks(pms)).isEqualTo(2);
        }
    }

    @Test
    void aThousandConcurrentFirstRequestsCauseExactlyOneCheck() throws Exception {
        try (FakePms pms = FakePms.start()) {
            pms.addToken("new-token");
            pms.setResponseDelay(Duration.ofMillis(300));
            TokenVerifier v = verifier(pms.baseUri(), Duration.ofMinutes(5), 10_000);
            List<CompletableFuture<TokenVerifier.Verdict>> all = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 125; i++) {
                        CompletableFuture<TokenVerifier.Verdict> f = v.verify("new-token");
                        synchronized (all) {
                            all.add(f);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(all).hasSize(1000);
            for (CompletableFuture<TokenVerifier.Verdict> f : all) {
                assertThat(f.get(5, TimeUnit.SECONDS).allowed()).isTrue();
            }
            assertThat(sectionChecks(pms)).isEqualTo(1);
            assertThat(v.checks()).isEqualTo(1);
        }
    }

    @Test
    void pmsDownOrSlowMeansDeniedAndIsRetriedSoon() throws Exception {
        int dead = FreePorts.next();
        TokenVerifier down = verifier(URI.create("http://127.0.0.1:" + dead), Duration.ofMinutes(5), 100);
        assertThat(down.verify("t").get(5, TimeUnit.SECONDS).allowed()).isFalse();
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(down.verify("t").get(5, TimeUnit.SECONDS).cacheHit()).as("an outage is not cached for minutes").isFalse();

        try (FakePms pms = FakePms.start()) {
            pms.addToken("t");
            pms.setResponseDelay(Duration.ofSeconds(3));
            TokenVerifier slow = verifier(pms.baseUri(), Duration.ofMinutes(5), 100, Duration.ofMillis(800));
            assertThat(slow.verify("t").get(5, TimeUnit.SECONDS).allowed()).as("over the timeout: fail closed").isFalse();
        }
    }

    @Test
    void theCacheIsBounded() throws Exception {
        try (FakePms pms = FakePms.start()) {
            TokenVerifier v = verifier(pms.baseUri(), Duration.ofMinutes(5), 50);
            for (int i = 0; i < 300; i++) {
                v.verify("flood-" + i).get(5, TimeUnit.SECONDS);
            }
            assertThat(v.size()).isLessThanOrEqualTo(50);
            assertThat(v.evictions()).isGreaterThanOrEqualTo(250);
        }
    }
}
