package dev.sealpost.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.tls.CertificateBuilder;
import dev.sealpost.tls.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  private static X509Certificate cert(Duration lifetime) {
    return CertificateBuilder.server("mail.example.test").subjectAltNames(List.of("mail.example.test"))
        .validity(ISSUED, ISSUED.plus(lifetime)).selfSigned(KeyType.EC_P256.generate());
  }

  @Test
  void aThirdOfTheLifetimeLeft() {
    assertThat(RenewalSchedule.thirdLeft(cert(Duration.ofDays(90)))).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
    assertThat(RenewalSchedule.thirdLeft(cert(Duration.ofDays(6)))).isEqualTo(ISSUED.plus(Duration.ofDays(4)));
  }

  @Test
  void anEarlierCaWindowWinsWithARandomMomentInsideIt() {
    X509Certificate c = cert(Duration.ofDays(90));
    var window = new AcmeIssuer.RenewalWindow(ISSUED.plus(Duration.ofDays(10)), ISSUED.plus(Duration.ofDays(12)));
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      Instant due = RenewalSchedule.due(c, Optional.of(window), random);
      assertThat(due).isBetween(window.start(), window.end());
    }
  }

  @Test
  void aLaterCaWindowDoesNotDelayOurOwnThird() {
    X509Certificate c = cert(Duration.ofDays(90));
    var late = new AcmeIssuer.RenewalWindow(ISSUED.plus(Duration.ofDays(80)), ISSUED.plus(Duration.ofDays(85)));
    assertThat(RenewalSchedule.due(c, Optional.of(late), new Random(1))).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
    assertThat(RenewalSchedule.due(c, Optional.empty(), new Random(1))).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    Duration first = Duration.ofMinutes(5);
    Duration max = Duration.ofHours(6);
    assertThat(RenewalSchedule.backoff(1, first, max)).isEqualTo(Duration.ofMinutes(5));
    assertThat(RenewalSchedule.backoff(2, first, max)).isEqualTo(Duration.ofMinutes(10));
    assertThat(RenewalSchedule.backoff(3, first, max)).isEqualTo(Duration.ofMinutes(20));
    assertThat(RenewalSchedule.backoff(7, first, max)).isEqualTo(Duration.ofMinutes(320));
    assertThat(RenewalSchedule.backoff(8, first, max)).isEqualTo(max);
    assertThat(RenewalSchedule.backoff(1000, first, max)).isEqualTo(max);
  }
}
