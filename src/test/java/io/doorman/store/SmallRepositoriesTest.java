package io.doorman.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorman.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdminAccount, SecretStore and TrafficHistory over a real file. */
class SmallRepositoriesTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void adminIsCreatedOnceAndItsHashCanChange() {
        try (Store store = Store.open(dir)) {
            AdminAccount admin = store.admin();
            assertThat(admin.setupDone()).isFalse();
            assertThat(admin.passwordHash()).isEmpty();

            assertThat(admin.createIfAbsent("hash-1", T0)).isTrue();
            assertThat(admin.createIfAbsent("hash-2", T0)).isFalse();
            assertThat(admin.passwordHash()).contains("hash-1");
            assertThat(admin.setupDone()).isTrue();

            admin.setPasswordHash("hash-3", T0.plusSeconds(1));
            assertThat(admin.passwordHash()).contains("hash-3");
        }
    }

    @Test
    void secretsArePutReadReplacedAndDeleted() {
        try (Store store = Store.open(dir)) {
            SecretStore secrets = store.secrets();
            assertThat(secrets.get(SecretKey.PMS_OWNER_TOKEN)).isEmpty();

            secrets.put(SecretKey.PMS_OWNER_TOKEN, new Secret("tok-1"), T0);
            secrets.put(SecretKey.PMS_URL, new Secret("http://127.0.0.1:32400"), T0);
            secrets.put(SecretKey.PMS_OWNER_TOKEN, new Secret("tok-2"), T0);

            assertThat(secrets.get(SecretKey.PMS_OWNER_TOKEN)).map(Secret::reveal).contains("tok-2");
            assertThat(secrets.get(SecretKey.PMS_OWNER_TOKEN).orElseThrow().toString()).doesNotContain("tok-2");
            assertThat(secrets.get(SecretKey.PMS_URL)).map(Secret::reveal).contains("http://127.0.0.1:32400");

            secrets.put(SecretKey.PMS_OWNER_TOKEN, new Secret(""), T0);
            assertThat(secrets.get(SecretKey.PMS_OWNER_TOKEN)).isEmpty();
            assertThat(secrets.delete(SecretKey.PMS_URL)).isTrue();
            assertThat(secrets.delete(SecretKey.PMS_URL)).isFalse();
        }
    }

    @Test
    void trafficAddsIntoItsMinuteAndRangeIsHalfOpen() {
        try (Store store = Store.open(dir)) {
            TrafficHistory traffic = store.traffic();
            traffic.add(T0.plusSeconds(5), 10, 1000, 1);
            traffic.add(T0.plusSeconds(59), 5, 500, 0);
            traffic.add(T0.plusSeconds(60), 1, 1, 1);

            assertThat(traffic.range(T0, T0.plus(Duration.ofMinutes(2)))).containsExactly(
                    new TrafficSample(T0, 15, 1500, 1),
                    new TrafficSample(T0.plusSeconds(60), 1, 1, 1));
            assertThat(traffic.range(T0, T0.plusSeconds(60))).containsExactly(new TrafficSample(T0, 15, 1500, 1));
        }
    }

    @Test
    void trafficOlderThanSevenDaysIsPruned() {
        try (Store store = Store.open(dir)) {
            TrafficHistory traffic = store.traffic();
            traffic.add(T0, 1, 1, 0);
            traffic.add(T0.plus(Duration.ofDays(3)), 2, 2, 0);
            Instant later = T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));

            traffic.add(later, 3, 3, 0); // a new minute prunes on its own

            assertThat(traffic.range(T0.minus(Duration.ofDays(1)), later.plus(Duration.ofDays(1))))
                    .extracting(TrafficSample::requests).containsExactly(2L, 3L);
            assertThat(traffic.prune(later.plus(Duration.ofDays(4)))).isEqualTo(1);
        }
    }
}
