package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sealpost.server.config.OutboundConfig.DowngradeProtection;
import dev.sealpost.server.outbound.TlsObservation.Failure;
import dev.sealpost.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class TlsHistoryTest {

  static final String MX = "mx.example.com";
  static final TlsObservation VERIFIED = new TlsObservation.Verified("TLSv1.3", "aa11");

  static TlsObservation noStartTls(String detail) {
    return new TlsObservation.Failed(Failure.NO_STARTTLS, detail);
  }

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(TlsHistory.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(TlsHistory.class)).detachAppender(logs);
  }

  TlsHistory history(DowngradeProtection mode) {
    return TlsHistory.open(dir.resolve("tls-history.json"), mode, Duration.ofDays(30), 100, clock);
  }

  enum State { NEVER_SEEN, VERIFIED_RECENTLY, VERIFIED_LONG_AGO }

  static Stream<Arguments> matrix() {
    List<TlsObservation> observations = List.of(VERIFIED, noStartTls("starttls-not-offered"),
        new TlsObservation.Failed(Failure.STARTTLS_FAILED, "handshake-failed"),
        new TlsObservation.Failed(Failure.CERTIFICATE_NOT_VERIFIED, "expired"));
    List<Arguments> all = new ArrayList<>();
    for (DowngradeProtection mode : DowngradeProtection.values()) {
      for (State state : State.values()) {
        for (TlsObservation o : observations) {
          boolean downgrade = mode != DowngradeProtection.OFF && state == State.VERIFIED_RECENTLY
              && !(o instanceof TlsObservation.Verified);
          Class<?> expected = !downgrade ? TlsHistory.Decision.Proceed.class
              : mode == DowngradeProtection.DEFER ? TlsHistory.Decision.Defer.class
              : TlsHistory.Decision.ProceedWithAlert.class;
          all.add(Arguments.of(mode, state, o, expected));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("matrix")
  void everyObservationInEveryStateAndMode(DowngradeProtection mode, State state, TlsObservation observed,
      Class<?> expected) {
    TlsHistory h = history(mode);
    if (state != State.NEVER_SEEN) {
      h.verifiedTlsSeen(MX, clock.instant(), "TLSv1.3", "aa11");
      clock.advance(state == State.VERIFIED_RECENTLY ? Duration.ofDays(29) : Duration.ofDays(30));
    }
    TlsHistory.Decision d = h.check(MX, observed);
    assertThat(d).isInstanceOf(expected);
    assertThat(h.downgradesDeferred() + h.downgradesDelivered()).isEqualTo(expected == TlsHistory.Decision.Proceed.class ? 0 : 1);
    assertThat(h.expectsVerifiedTls(MX)).isEqualTo(mode == DowngradeProtection.DEFER
        && (state == State.VERIFIED_RECENTLY || observed instanceof TlsObservation.Verified));
    assertThat(logs.list).hasSize(expected == TlsHistory.Decision.Proceed.class ? 0 : 1);
  }

  @Test
  void deferCarriesA475ReasonAndLogsOneStructuredLine() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.check("MX.Example.COM.", VERIFIED);
    clock.advance(Duration.ofDays(3));
    TlsHistory.Decision d = h.check(MX, noStartTls("starttls-not-offered"));
    assertThat(d).isEqualTo(new TlsHistory.Decision.Defer("4.7.5",
        "mx.example.com offered verified TLS on 2026-11-01 but now offers no STARTTLS (starttls-not-offered)"));
    RecipientOutcome o = ((TlsHistory.Decision.Defer) d).outcome("mx.example.com[192.0.2.1]:25");
    assertThat(o.kind()).isEqualTo(RecipientOutcome.Kind.TRANSIENT);
    assertThat(logs.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).startsWith("event=tls-downgrade host=mx.example.com"
          + " last-verified=2026-11-01T10:00:00Z last-protocol=TLSv1.3 observed=no-starttls action=defer");
    });
    assertThat(h.downgradesDeferred()).isEqualTo(1);
    assertThat(h.downgradesDelivered()).isZero();
  }

  @Test
  void alertModeDeliversAndCounts() {
    TlsHistory h = history(DowngradeProtection.ALERT);
    h.check(MX, VERIFIED);
    TlsHistory.Decision d = h.check(MX, new TlsObservation.Failed(Failure.CERTIFICATE_NOT_VERIFIED, "wrong-host"));
    assertThat(d).isInstanceOf(TlsHistory.Decision.ProceedWithAlert.class);
    assertThat(((TlsHistory.Decision.ProceedWithAlert) d).reason()).contains("does not verify (wrong-host)");
    assertThat(logs.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
        .contains("observed=certificate-not-verified action=deliver");
    assertThat(h.downgradesDelivered()).isEqualTo(1);
    assertThat(h.expectsVerifiedTls(MX)).isFalse(); // alert mode never tightens the connection
  }

  @Test
  void aDowngradeDoesNotEraseTheMemory() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.check(MX, VERIFIED);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofDays(1));
      assertThat(h.check(MX, noStartTls("x"))).isInstanceOf(TlsHistory.Decision.Defer.class);
    }
    assertThat(h.lastVerified(MX)).map(TlsHistory.Sighting::lastVerified).contains(Instant.parse("2026-11-01T10:00:00Z"));
  }

  @Test
  void memoryExpiresAfterTheConfiguredDaysWithoutAVerifiedSighting() {
    TlsHistory h = TlsHistory.open(dir.resolve("h.json"), DowngradeProtection.DEFER, Duration.ofDays(7), 10, clock);
    h.check(MX, VERIFIED);
    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(h.expectsVerifiedTls(MX)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(h.expectsVerifiedTls(MX)).isFalse();
    assertThat(h.lastVerified(MX)).isEmpty();
    assertThat(h.check(MX, noStartTls("x"))).isEqualTo(TlsHistory.Decision.PROCEED);
  }

  @Test
  void aNewVerifiedSightingRenewsTheMemoryAndTheCertificate() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.check(MX, VERIFIED);
    clock.advance(Duration.ofDays(20));
    h.check(MX, new TlsObservation.Verified("TLSv1.2", "bb22"));
    clock.advance(Duration.ofDays(20));
    assertThat(h.lastVerified(MX)).contains(new TlsHistory.Sighting(MX, Instant.parse("2026-11-21T10:00:00Z"),
        "TLSv1.2", "bb22"));
  }

  @Test
  void sightingsOfAnUnchangedHostAreStoredHourly() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    Instant first = clock.instant();
    h.check(MX, VERIFIED);
    clock.advance(Duration.ofMinutes(59));
    h.check(MX, VERIFIED);
    assertThat(h.lastVerified(MX).orElseThrow().lastVerified()).isEqualTo(first);
    clock.advance(Duration.ofMinutes(1));
    h.check(MX, VERIFIED);
    assertThat(h.lastVerified(MX).orElseThrow().lastVerified()).isEqualTo(first.plus(TlsHistory.RENEW_AFTER));
  }

  @Test
  void anOlderSightingArrivingLateDoesNotMoveTimeBack() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.verifiedTlsSeen(MX, clock.instant(), "TLSv1.3", "aa11");
    h.verifiedTlsSeen(MX, clock.instant().minus(Duration.ofDays(2)), "TLSv1.2", "old");
    assertThat(h.lastVerified(MX).orElseThrow().sha256()).isEqualTo("aa11");
  }

  @Test
  void forgetLetsTheNextAttemptGo() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.check(MX, VERIFIED);
    assertThat(h.forget("MX.example.com")).isTrue();
    assertThat(h.forget(MX)).isFalse();
    assertThat(h.check(MX, noStartTls("x"))).isEqualTo(TlsHistory.Decision.PROCEED);
    assertThat(history(DowngradeProtection.DEFER).lastVerified(MX)).isEmpty(); // forgotten on disk too
  }

  @Test
  void otherHostsAreNotAffected() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    h.check(MX, VERIFIED);
    assertThat(h.check("mx2.example.com", noStartTls("x"))).isEqualTo(TlsHistory.Decision.PROCEED);
  }

  @Test
  void offModeRemembersNothingAndWritesNothing() {
    TlsHistory h = history(DowngradeProtection.OFF);
    h.check(MX, VERIFIED);
    h.verifiedTlsSeen(MX, clock.instant(), "TLSv1.3", "aa11");
    assertThat(h.size()).isZero();
    assertThat(dir.resolve("tls-history.json")).doesNotExist();
  }

  @Test
  void evictsTheHostVerifiedLongestAgoWhenFull() {
    TlsHistory h = TlsHistory.open(dir.resolve("h.json"), DowngradeProtection.DEFER, Duration.ofDays(30), 3, clock);
    for (String host : List.of("a.example", "b.example", "c.example")) {
      h.check(host, VERIFIED);
      clock.advance(Duration.ofHours(2));
    }
    h.check("a.example", VERIFIED); // renewed: b is now the oldest
    h.check("d.example", VERIFIED);
    assertThat(h.size()).isEqualTo(3);
    assertThat(h.lastVerified("b.example")).isEmpty();
    assertThat(h.lastVerified("a.example")).isPresent();
    assertThat(h.lastVerified("c.example")).isPresent();
    assertThat(h.lastVerified("d.example")).isPresent();
  }

  @Test
  void expiredHostsGoBeforeLiveOnes() {
    TlsHistory h = TlsHistory.open(dir.resolve("h.json"), DowngradeProtection.DEFER, Duration.ofDays(30), 2, clock);
    h.check("old.example", VERIFIED);
    clock.advance(Duration.ofDays(31));
    h.check("a.example", VERIFIED);
    h.check("b.example", VERIFIED);
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.lastVerified("a.example")).isPresent();
  }

  @Test
  void blankHostIsRefusedNamingIt() {
    TlsHistory h = history(DowngradeProtection.DEFER);
    assertThatThrownBy(() -> h.check(" . ", VERIFIED)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("' . '");
  }
}
