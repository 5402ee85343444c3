package io.doorman.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorman.plex.PlexTokens;
import io.doorman.testkit.BytePattern;
import io.doorman.testkit.FakePms;
import io.doorman.testkit.RawHttp;
import io.doorman.testkit.RawResponse;
import io.doorman.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The engine applies request and response policy decisions without knowing what they mean. */
class ProxyPolicySeamTest {

    private static ProxyHarness with(RequestPolicy req, ResponsePolicy resp, ExchangeListener listener) throws Exception {
        return ProxyHarness.start(b -> b, new ProxyHooks(req, resp, listener, PlexTokens::redactTarget));
    }

    private static CompletableFuture<RequestDecision> now(RequestDecision d) {
        return CompletableFuture.completedFuture(d);
    }

    @Test
    void policyCanAnswerItselfAndNothingReachesPms() throws Exception {
        RequestPolicy block = (head, body) -> head.rawPath().startsWith("/livetv/")
                ? now(RequestDecision.Respond.text(429, "too many unauthorized requests"))
                : now(RequestDecision.FORWARD);
        try (ProxyHarness h = with(block, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            c.send("GET /livetv/dvrs HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.bodyText()).isEqualTo("too many unauthorized requests\n");
            c.send("GET /library/sections HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).as("same connection, next request passes").isEqualTo(200);
            assertThat(h.pms.requests()).extracting(RecordedRequest::path).containsExactly("/library/sections");
        }
    }

    @Test
    void policyAnswerToARequestWithAnUnreadBodyClosesTheConnection() throws Exception {
        RequestPolicy block = (head, body) -> now(RequestDecision.Respond.text(429, "no"));
        try (ProxyHarness h = with(block, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(h.pms.requests()).isEmpty();
        }
    }

    @Test
    void policyCanRewriteTargetAndHeaders() throws Exception {
        RequestPolicy swap = (head, body) -> now(new RequestDecision.Forward(
                head.target().replace("X-Plex-Token=user", "X-Plex-Token=owner"),
                List.of(new Header("X-Plex-Token", "owner"), new Header("X-Remove-Me", null)), null));
        try (ProxyHarness h = with(swap, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            c.send("GET /livetv/dvrs?a=1&X-Plex-Token=user HTTP/1.1\r\nHost: x\r\nX-Plex-Token: user\r\n"
                    + "X-Remove-Me: 1\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            RecordedRequest seen = h.pms.lastRequest();
            assertThat(seen.target()).isEqualTo("/livetv/dvrs?a=1&X-Plex-Token=owner");
            assertThat(seen.headers("X-Plex-Token")).containsExactly("owner");
            assertThat(seen.header("X-Remove-Me")).isNull();
        }
    }

    @Test
    void policyCanReadTheBodyStartAndTheWholeBodyIsForwarded() throws Exception {
        List<RequestBody> seenBodies = new CopyOnWriteArrayList<>();
        RequestPolicy peek = (head, body) -> {
            if (body == null) {
                return now(new RequestDecision.NeedBody(16));
            }
            seenBodies.add(body);
            return now(RequestDecision.FORWARD);
        };
        try (ProxyHarness h = with(peek, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            int n = 3_000_000;
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + n + "\r\n\r\n");
            c.send(BytePattern.bytes(0, n));
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("\"bytes\":" + n).contains(BytePattern.sha256Hex(0, n));
            assertThat(seenBodies.get(0).bytes()).isEqualTo(BytePattern.bytes(0, 16));
            assertThat(seenBodies.get(0).complete()).isFalse();

            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(c.readResponse().bodyText()).contains("\"bytes\":5");
            assertThat(new String(seenBodies.get(1).bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(seenBodies.get(1).complete()).isTrue();

            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.readHead().status()).as("100 Continue before the policy reads").isEqualTo(100);
            c.send("3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
            assertThat(c.readResponse().bodyText()).contains("\"bytes\":6");
            assertThat(new String(seenBodies.get(2).bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");

            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            assertThat(seenBodies.get(3).bytes()).isEmpty();
        }
    }

    @Test
    void asynchronousDecisionsCompleteOnAnotherThread() throws Exception {
        java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        RequestPolicy slow = (head, body) -> {
            CompletableFuture<RequestDecision> f = new CompletableFuture<>();
            later.schedule(() -> f.complete(RequestDecision.FORWARD), 50, TimeUnit.MILLISECONDS);
            return f;
        };
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (ProxyHarness h = with(slow, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE)) {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    try (RawHttp c = h.connect()) {
                        c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
                        return c.readResponse().status();
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
            later.shutdownNow();
        }
    }

    @Test
    void failingPolicyGives500AndTheProxyGoesOn() throws Exception {
        RequestPolicy broken = (head, body) -> {
            if (head.rawPath().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            if (head.rawPath().equals("/async-boom")) {
                return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
            }
            return now(RequestDecision.FORWARD);
        };
        try (ProxyHarness h = with(broken, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(500);
            c.send("GET /async-boom HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(500);
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    private static ResponsePolicy transformAll(int limit) {
        return (req, att, resp) -> new ResponseAction.Transform(limit, (head, body) -> {
            String s = new String(body, StandardCharsets.UTF_8);
            if (!s.contains("fake-machine-id")) {
                return null;
            }
            return new ResponseAction.Transformed(s.replace("fake-machine-id", "rewritten-id!")
                    .getBytes(StandardCharsets.UTF_8), List.of(new Header("X-Rewritten", "1")));
        });
    }

    @Test
    void smallResponseIsTransformedWithACorrectLength() throws Exception {
        try (ProxyHarness h = with(RequestPolicy.PASS_THROUGH, transformAll(1 << 20), ExchangeListener.NONE);
                RawHttp c = h.connect()) {
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).contains("machineIdentifier=\"rewritten-id!\"");
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
            assertThat(r.header("X-Rewritten")).isEqualTo("1");
            c.send("GET /library/sections HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse untouched = c.readResponse();
            assertThat(untouched.header("X-Rewritten")).isNull();
            assertThat(untouched.bodyText()).contains("MediaContainer");
        }
    }

    @Test
    void bodiesOverTheLimitStreamUntouched() throws Exception {
        try (ProxyHarness h = with(RequestPolicy.PASS_THROUGH, transformAll(1 << 20), ExchangeListener.NONE);
                RawHttp c = h.connect()) {
            c.send("GET /bytes/10000000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse declared = c.readResponse();
            assertThat(declared.body()).isEqualTo(BytePattern.bytes(0, 10_000_000));
            c.send("GET /chunked/3000000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse discovered = c.readResponse();
            assertThat(discovered.bodyLength()).isEqualTo(3_000_000);
            assertThat(discovered.body()).isEqualTo(BytePattern.bytes(0, 3_000_000));
            c.send("GET /chunked/5000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse small = c.readResponse();
            assertThat(small.body()).as("transform declined: original body").isEqualTo(BytePattern.bytes(0, 5000));
            assertThat(small.header("Content-Length")).isEqualTo("5000");
        }
    }

    @Test
    void responsesToRequestsThePolicyDeclinesUpFrontAreNeverDescribedToIt() throws Exception {
        List<String> described = new CopyOnWriteArrayList<>();
        ResponsePolicy identityOnly = new ResponsePolicy() {
            @Override
            public boolean mayTransform(RequestHead request) {
                return request.rawPath().equals("/identity");
            }

            @Override
            public ResponseAction onResponse(RequestHead request, Object attachment, ResponseHead response) {
                described.add(request.rawPath());
                return transformAll(1 << 20).onResponse(request, attachment, response);
            }
        };
        try (ProxyHarness h = with(RequestPolicy.PASS_THROUGH, identityOnly, ExchangeListener.NONE);
                RawHttp c = h.connect()) {
            c.send("GET /library/sections HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse untouched = c.readResponse();
            assertThat(untouched.status()).isEqualTo(200);
            assertThat(untouched.bodyText()).contains("MediaContainer");
            c.send("GET /identity HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertThat(r.bodyText()).contains("machineIdentifier=\"rewritten-id!\"");
            assertThat(described).containsExactly("/identity");
        }
    }

    @Test
    void attachmentReachesResponsePolicyAndListener() throws Exception {
        AtomicReference<Object> seenByResponse = new AtomicReference<>();
        List<ExchangeListener.ExchangeOutcome> outcomes = new CopyOnWriteArrayList<>();
        List<Object> attachments = new CopyOnWriteArrayList<>();
        RequestPolicy tag = (head, body) -> now(new RequestDecision.Forward(null, List.of(), "tag:" + head.rawPath()));
        ResponsePolicy resp = (req, att, r) -> {
            seenByResponse.set(att);
            return ResponseAction.STREAM;
        };
        ExchangeListener listener = (req, att, outcome) -> {
            attachments.add(att);
            outcomes.add(outcome);
        };
        try (ProxyHarness h = with(tag, resp, listener); RawHttp c = h.connect()) {
            c.send("GET /bytes/1234 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == 1);
            assertThat(seenByResponse.get()).isEqualTo("tag:/bytes/1234");
            assertThat(attachments).containsExactly("tag:/bytes/1234");
            assertThat(outcomes.get(0).status()).isEqualTo(200);
            assertThat(outcomes.get(0).bytesSent()).isEqualTo(1234);
            assertThat(outcomes.get(0).error()).isNull();
        }
    }

    @Test
    void requestHeadCarriesWhatThePolicyNeeds() throws Exception {
        AtomicReference<RequestHead> seen = new AtomicReference<>();
        RequestPolicy capture = (head, body) -> {
            seen.set(head);
            return now(RequestDecision.FORWARD);
        };
        try (ProxyHarness h = with(capture, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            c.send("GET /livetv/dvrs?X-Plex-Token=t%2B1 HTTP/1.1\r\nHost: media.example.com\r\n"
                    + "Connection: X-Plex-Token\r\nX-Plex-Token: hop\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
            c.readResponse();
            RequestHead head = seen.get();
            assertThat(head.method()).isEqualTo("GET");
            assertThat(head.target()).isEqualTo("/livetv/dvrs?X-Plex-Token=t%2B1");
            assertThat(head.rawPath()).isEqualTo("/livetv/dvrs");
            assertThat(head.rawQuery()).isEqualTo("X-Plex-Token=t%2B1");
            assertThat(head.header("connection")).isEqualTo("X-Plex-Token");
            assertThat(head.client().getHostAddress()).isEqualTo("203.0.113.9");
            assertThat(head.local()).isFalse();
            assertThat(head.peerTrusted()).isTrue();
        }
    }

    @Test
    void fakePmsIsNotAskedWhenPolicyRespondsEvenForManyRequests() throws Exception {
        RequestPolicy block = (head, body) -> now(RequestDecision.Respond.text(429, "no"));
        try (ProxyHarness h = with(block, ResponsePolicy.STREAM_ALL, ExchangeListener.NONE); RawHttp c = h.connect()) {
            for (int i = 0; i < 100; i++) {
                c.send("GET /livetv/x HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readResponse().status()).isEqualTo(429);
            }
            FakePms pms = h.pms;
            assertThat(pms.connectionsAccepted()).isZero();
        }
    }
}
