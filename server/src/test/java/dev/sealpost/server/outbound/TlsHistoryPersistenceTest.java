package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.config.OutboundConfig.DowngradeProtection;
import dev.sealpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsHistoryPersistenceTest {

  static final TlsObservation VERIFIED = TlsHistoryTest.VERIFIED;

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));

  Path file() {
    return dir.resolve("data").resolve("tls-history.json");
  }

  TlsHistory open(int maxHosts) {
    return TlsHistory.open(file(), DowngradeProtection.DEFER, Duration.ofDays(30), maxHosts, clock);
  }

  @Test
  void survivesARestart() {
    open(10).verifiedTlsSeen("MX.Example.com", clock.instant(), "TLSv1.3", "aa11");
    clock.advance(Duration.ofDays(10));
    TlsHistory again = TlsHistory.open(file(), OutboundConfig.DEFAULT, clock);
    assertThat(again.lastVerified("mx.example.com")).contains(new TlsHistory.Sighting("mx.example.com",
        Instant.parse("2026-11-01T10:00:00Z"), "TLSv1.3", "aa11"));
    assertThat(again.check("mx.example.com", TlsHistoryTest.noStartTls("x")))
        .isInstanceOf(TlsHistory.Decision.Defer.class);
  }

  @Test
  void expiredHostsAreDroppedAtLoad() {
    TlsHistory h = open(10);
    h.check("old.example", VERIFIED);
    clock.advance(Duration.ofDays(25));
    h.check("new.example", VERIFIED);
    clock.advance(Duration.ofDays(10));
    assertThat(open(10).size()).isEqualTo(1);
  }

  @Test
  void aLoadedFileLargerThanTheBoundKeepsTheNewest() {
    TlsHistory h = open(10);
    for (int i = 0; i < 5; i++) {
      h.check("h" + i + ".example", VERIFIED);
      clock.advance(Duration.ofHours(1));
    }
    TlsHistory small = open(2);
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.lastVerified("h4.example")).isPresent();
    assertThat(small.lastVerified("h3.example")).isPresent();
  }

  @Test
  void aCorruptFileStartsEmptyAndIsKeptAside() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"version\":1,\"hosts\":[{\"host\":\"mx.exa", StandardCharsets.UTF_8);
    TlsHistory h = open(10);
    assertThat(h.size()).isZero();
    assertThat(file().resolveSibling("tls-history.json.corrupt")).exists();
    h.check("mx.example.com", VERIFIED);
    assertThat(open(10).lastVerified("mx.example.com")).isPresent();
  }

  @Test
  void wrongShapesAreCorruptToo() throws Exception {
    Files.createDirectories(file().getParent());
    for (String text : List.of("", "null", "[]", "{\"version\":2,\"hosts\":[]}", "{\"version\":1}",
        "{\"version\":1,\"hosts\":[null]}", "{\"version\":1,\"hosts\":[{\"host\":\"a\"}]}",
        "{\"version\":1,\"hosts\":[{\"host\":\"a\",\"lastVerified\":\"yesterday\",\"protocol\":\"x\",\"sha256\":\"y\"}]}")) {
      Files.writeString(file(), text, StandardCharsets.UTF_8);
      assertThat(open(10).size()).as(text).isZero();
    }
  }

  @Test
  void anUnwritableDirectoryCostsOnlyPersistence() throws Exception {
    Files.writeString(dir.resolve("data"), "a file where the directory should be");
    TlsHistory h = open(10);
    h.check("mx.example.com", VERIFIED);
    assertThat(h.expectsVerifiedTls("mx.example.com")).isTrue();
    h.close();
  }

  @Test
  void manyThreadsRecordingAtOnceLoseNothingAndKeepTheBound() throws Exception {
    int threads = 32;
    int perThread = 25;
    TlsHistory h = open(500);
    // The newest sighting, so that eviction (oldest first) never takes it while the threads run.
    h.verifiedTlsSeen("shared.example", clock.instant().plus(Duration.ofHours(1)), "TLSv1.3", "aa11");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            h.check("mx" + (id * perThread + i) + ".example", VERIFIED);
            h.check("shared.example", VERIFIED);
            h.check("shared.example", TlsHistoryTest.noStartTls("x"));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(h.size()).isEqualTo(500);
    assertThat(h.downgradesDeferred()).isEqualTo(threads * perThread);
    assertThat(h.lastVerified("shared.example")).isPresent();
    TlsHistory reloaded = open(500);
    assertThat(reloaded.size()).isEqualTo(500);
    assertThat(reloaded.lastVerified("shared.example")).isPresent();
  }
}
