package dev.sealpost.client;

import static dev.sealpost.client.TestClients.MX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opportunistic STARTTLS for MX relaying (RFC 7435, Postfix {@code may}): TLS when offered, whatever the
 * certificate; clear text when not offered or refused; a failed handshake is the relay's to retry.
 */
class OpportunisticStartTlsTest {

  private static SmtpClient client(ScriptedServer server) {
    return TestClients.builder(server, Security.opportunisticStartTls()).build();
  }

  private static void awaitFinished(ScriptedServer server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
  }

  @Test
  void defaultPortIs25() {
    assertThat(Security.opportunisticStartTls().defaultPort()).isEqualTo(25);
    try (SmtpClient client = SmtpClient.builder().host("mx.test").security(Security.opportunisticStartTls()).build()) {
      assertThat(client.destination()).map(Destination::port).contains(25);
    }
  }

  @Test
  void withoutStartTlsTheMessageGoesInClearText() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      TestClients.deliverPipelined(p);
    }); SmtpClient client = client(server)) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls()).isEqualTo(TlsEvidence.none());
      client.close();
      awaitFinished(server);
      assertThat(server.failures()).isEmpty();
      assertThat(server.received()).doesNotContain("STARTTLS").contains("MAIL FROM:<sender@example.test>")
          .contains(TestClients.BODY_MARKER);
    }
  }

  @Test
  void selfSignedCertificateForAnotherHostIsUsedButRecordedAsUnverified() {
    Instant now = Instant.now();
    TestPki.Credential self = TestPki.selfSigned(List.of("other.test"), KeyType.EC_P256, now.minusSeconds(60),
        now.plus(Duration.ofDays(30)));
    try (ScriptedServer server = TestClients.startTlsDelivering(self); SmtpClient client = client(server)) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls()).isInstanceOfSatisfying(TlsEvidence.Established.class, tls -> {
        assertThat(tls.authentication()).isEqualTo(TlsEvidence.Authentication.NONE);
        assertThat(tls.authenticated()).isFalse();
        assertThat(tls.chainTrusted()).isFalse();
        assertThat(tls.hostNameMatches()).isFalse();
        assertThat(tls.wouldHaveVerified()).isFalse();
        assertThat(tls.hostNameVerified()).isFalse();
        assertThat(tls.sha256Fingerprint()).isEqualTo(CertificatePin.fingerprint(self.certificate()));
        assertThat(tls.describe()).contains("auth=none").contains("untrusted-chain").contains("name-mismatch");
      });
      client.close();
      awaitFinished(server);
      assertThat(server.failures()).isEmpty();
    }
  }

  @Test
  void aCertificateThatWouldVerifyIsRecordedAsSuchButNotAsAuthenticated() {
    try (ScriptedServer server = TestClients.startTlsDelivering(MX); SmtpClient client = client(server)) {
      TlsEvidence.Established tls = (TlsEvidence.Established) client.send(TestClients.mail()).tls();
      assertThat(tls.authenticated()).isFalse();
      assertThat(tls.chainTrusted()).isTrue();
      assertThat(tls.hostNameMatches()).isTrue();
      assertThat(tls.wouldHaveVerified()).isTrue();
    }
  }

  /** Postfix {@code may} goes on in clear text after a refusal; so do we, without a second EHLO. */
  @Test
  void startTlsAnswered454ContinuesInClearText() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "PIPELINING");
      p.expect("STARTTLS");
      p.reply("454 4.7.0 TLS not available due to temporary reason");
      TestClients.deliverPipelined(p);
    }); SmtpClient client = client(server)) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls()).isEqualTo(TlsEvidence.none());
      client.close();
      awaitFinished(server);
      assertThat(server.failures()).isEmpty();
      assertThat(server.received()).containsOnlyOnce("EHLO");
    }
  }

  @Test
  void startTlsAnsweredWithANonRefusalFailsTheConnection() {
    assertTransientTlsFailure(p -> p.reply("250 2.0.0 sure"), TlsException.Reason.STARTTLS_REFUSED);
  }

  @Test
  void failedHandshakeFailsTheSendWithoutFallingBack() {
    assertTransientTlsFailure(p -> {
      p.reply("220 2.0.0 ready");
      // Answer the ClientHello, once it is here, with something that is not TLS.
      for (int i = 0; i < 500 && p.socketAvailable() == 0; i++) {
        p.silence(10);
      }
      p.raw("this is not a TLS record\r\n");
    }, TlsException.Reason.HANDSHAKE_FAILED);
  }

  /** STARTTLS answered by {@code answer}: the send fails, on the one connection, before any envelope. */
  private static void assertTransientTlsFailure(ScriptedServer.Script answer, TlsException.Reason reason) {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "PIPELINING");
      p.expect("STARTTLS");
      answer.play(p);
      p.readLine();
    }); SmtpClient client = client(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class, e -> {
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.isTransient()).isTrue();
      });
      awaitFinished(server);
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      assertThat(server.received()).doesNotContain("MAIL FROM").doesNotContain(TestClients.BODY_MARKER);
    }
  }

  @Test
  void repliesInjectedAfterThe220AreDiscardedAndEhloIsSentAgain() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "PIPELINING");
      p.expect("STARTTLS");
      p.raw("220 2.0.0 go ahead\r\n250 2.0.0 injected\r\n");
      p.startTls(MX);
      p.expect("EHLO client.test");
      p.ehloReply("PIPELINING");
      TestClients.deliverPipelined(p);
    }); SmtpClient client = client(server)) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls().encrypted()).isTrue();
      assertThat(result.finalReply().lines()).containsExactly("queued");
      client.close();
      awaitFinished(server);
      assertThat(server.failures()).isEmpty();
    }
  }

  @Test
  void credentialsAreRefusedAtBuildTime() {
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.opportunisticStartTls())
        .credentials(Credentials.password("u@example.test", TestClients.PASSWORD)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("opportunisticStartTls()");
  }

  @Test
  void pinsAndDaneAreRefusedBecauseTheyWouldBeIgnored() {
    TlsOptions pinned = TlsOptions.builder().pin(CertificatePin.certificate("00".repeat(32))).build();
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.opportunisticStartTls())
        .tls(pinned).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("would be ignored");
    TlsOptions dane = TlsOptions.builder().dane(List.of(TlsaAssociation.of(3, 1, 1, "00".repeat(32))), "mx.test")
        .build();
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.opportunisticStartTls())
        .tls(dane).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("would be ignored");
  }
}
