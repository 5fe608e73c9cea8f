package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HandshakeWatchTest {
  private static final Instant T = Instant.parse("2026-11-29T00:00:00Z");
  private static final Throwable UNKNOWN_CA =
      new SSLHandshakeException("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA");
  private static final Throwable JDK_BAD_CERT = new SSLHandshakeException("Received fatal alert: bad_certificate");
  private static final Throwable OTHER = new SSLHandshakeException("error:NO_SHARED_CIPHER");

  @Test
  void certificateAlertsAreRecognisedInBothSpellingsAndCauses() {
    assertThat(HandshakeWatch.isCertificateAlert(UNKNOWN_CA)).isTrue();
    assertThat(HandshakeWatch.isCertificateAlert(JDK_BAD_CERT)).isTrue();
    assertThat(HandshakeWatch.isCertificateAlert(new RuntimeException("wrapped", UNKNOWN_CA))).isTrue();
    assertThat(HandshakeWatch.isCertificateAlert(new SSLHandshakeException(
        "error:10000070:SSL routines:OPENSSL_internal:BAD_PACKET_LENGTH"))).as("OpenSSL's TLS 1.3 refusal").isTrue();
    assertThat(HandshakeWatch.isCertificateAlert(OTHER)).isFalse();
    assertThat(HandshakeWatch.isCertificateAlert(null)).isFalse();
  }

  @Test
  void rollsBackWhenMostHandshakesAfterTheSwapRefuseTheCertificate() {
    HandshakeWatch w = new HandshakeWatch();
    w.swapped(T);
    for (int i = 0; i < HandshakeWatch.THRESHOLD - 1; i++) {
      assertThat(w.record(false, i % 2 == 0 ? UNKNOWN_CA : JDK_BAD_CERT, T.plusSeconds(i))).isFalse();
    }
    assertThat(w.record(false, UNKNOWN_CA, T.plusSeconds(30))).isTrue();
    assertThat(w.record(false, UNKNOWN_CA, T.plusSeconds(31))).as("reported once").isFalse();
  }

  @Test
  void clientsThatSucceedOutnumberingTheRefusalsKeepTheNewCertificate() {
    HandshakeWatch w = new HandshakeWatch();
    w.swapped(T);
    for (int i = 0; i < 10; i++) {
      assertThat(w.record(true, null, T.plusSeconds(i))).isFalse();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(w.record(false, UNKNOWN_CA, T.plusSeconds(20 + i))).isFalse();
    }
    assertThat(w.record(false, UNKNOWN_CA, T.plusSeconds(40))).as("11 refused > 10 succeeded").isTrue();
  }

  @Test
  void otherFailuresAndLateOnesDoNotCountNorDoesAnythingBeforeASwap() {
    HandshakeWatch w = new HandshakeWatch();
    for (int i = 0; i < 10; i++) {
      assertThat(w.record(false, UNKNOWN_CA, T)).as("no swap yet").isFalse();
    }
    w.swapped(T);
    for (int i = 0; i < 10; i++) {
      assertThat(w.record(false, OTHER, T.plusSeconds(i))).isFalse();
    }
    Instant late = T.plus(HandshakeWatch.WINDOW).plusSeconds(1);
    assertThat(w.over(T.plusSeconds(60))).isFalse();
    assertThat(w.over(late)).isTrue();
    for (int i = 0; i < 10; i++) {
      assertThat(w.record(false, UNKNOWN_CA, late)).isFalse();
    }
  }
}
