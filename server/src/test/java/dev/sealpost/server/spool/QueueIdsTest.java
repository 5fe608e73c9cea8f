package dev.sealpost.server.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class QueueIdsTest {

  @Test
  void idsAreShortFileNameSafeAndValid() {
    String id = QueueIds.next();
    assertThat(id).hasSize(16).matches("[0-9A-HJKMNP-TV-Z]{16}");
    assertThat(QueueIds.isValid(id)).isTrue();
    assertThat(QueueIds.isValid("../etc/passwd000")).isFalse();
    assertThat(QueueIds.isValid(id.toLowerCase())).isFalse();
    assertThat(QueueIds.isValid(id + "0")).isFalse();
  }

  @Test
  void idsFromOneThreadIncrease() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(QueueIds.next());
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void idsAreUniqueAcrossThreads() throws InterruptedException {
    Set<String> all = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 50_000; i++) {
          all.add(QueueIds.next());
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(all).hasSize(400_000);
  }

  @Test
  void timestampDecodesTheMillisecondsInOrder() {
    String a = QueueIds.next();
    String b = QueueIds.next();
    assertThat(QueueIds.timestamp(a)).isBeforeOrEqualTo(QueueIds.timestamp(b))
        .isAfter(Instant.parse("2024-01-01T00:00:00Z"));
    assertThatThrownBy(() -> QueueIds.timestamp("x")).isInstanceOf(IllegalArgumentException.class);
  }
}
