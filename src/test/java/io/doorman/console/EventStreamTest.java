package io.doorman.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode n(int i) {
        return JSON.createObjectNode().put("n", i).put("text", "two\nlines");
    }

    @Test
    void eventsAndCommentsAreOneFrameEach() {
        assertThat(EventStream.event("traffic", n(1)))
                .isEqualTo("event: traffic\ndata: {\"n\":1,\"text\":\"two\\nlines\"}\n\n");
        assertThat(EventStream.comment("keep\nalive")).isEqualTo(": keep alive\n\n");
        assertThatThrownBy(() -> new EventStream.Feed("a\nb", Duration.ofSeconds(1), Duration.ZERO, () -> n(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventStream.Feed("a", Duration.ZERO, Duration.ZERO, () -> n(1)))
                .isInstanceOf(IllegalArgumentException.class);
        EventStream.Feed ok = new EventStream.Feed("a", Duration.ofSeconds(1), Duration.ZERO, () -> n(1));
        assertThat(new EventStream(List.of(ok), Duration.ofSeconds(15), Duration.ofHours(1)).response().contentType())
                .startsWith("text/event-stream");
    }

    @Test
    void sendsEachFeedOnItsBeatWithKeepAlivesUntilTheMaximumTime() throws Exception {
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        EventStream s = new EventStream(List.of(
                new EventStream.Feed("fast", Duration.ofMillis(20), Duration.ofMillis(20), () -> n(fast.incrementAndGet())),
                new EventStream.Feed("slow", Duration.ofHours(1), Duration.ZERO, () -> n(slow.incrementAndGet())),
                new EventStream.Feed("broken", Duration.ofMillis(30), Duration.ZERO, () -> {
                    throw new IllegalStateException("feed failed");
                }),
                new EventStream.Feed("nothing", Duration.ofMillis(30), Duration.ZERO, () -> null)),
                Duration.ofMillis(50), Duration.ofMillis(400));
        List<String> sent = new CopyOnWriteArrayList<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                s.run(text -> sent.add(text));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(t.join(Duration.ofSeconds(10))).as("the stream ends by itself").isTrue();

        assertThat(sent.get(0)).startsWith("retry: 3000\n: ");
        assertThat(sent).filteredOn(x -> x.startsWith("event: slow\n")).hasSize(1);
        assertThat(sent).filteredOn(x -> x.startsWith("event: fast\n")).hasSizeGreaterThan(1)
                .hasSize(fast.get());
        assertThat(sent).contains(": keep-alive\n\n");
        assertThat(sent).noneMatch(x -> x.contains("broken") || x.contains("nothing"));
        assertThat(sent.get(1)).isEqualTo(EventStream.event("slow", n(1)));
    }

    @Test
    void stopsAtTheFirstSendTheClientDidNotTake() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        EventStream s = new EventStream(List.of(
                new EventStream.Feed("tick", Duration.ofMillis(5), Duration.ZERO, () -> n(1))),
                Duration.ofHours(1), Duration.ofHours(1));
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                s.run(text -> sends.incrementAndGet() < 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(t.join(Duration.ofSeconds(10))).as("gone client, stream over").isTrue();
        assertThat(sends.get()).isEqualTo(4);
    }
}
