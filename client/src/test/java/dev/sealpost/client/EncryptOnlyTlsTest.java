package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code encrypt}: TLS is mandatory, any certificate is accepted, the evidence says it was not verified. */
class EncryptOnlyTlsTest {

  private static final TlsOptions ENCRYPT = TlsOptions.builder().noAuthentication().build();

  @Test
  void withoutStartTlsNothingIsSent() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      p.readLine();
    }); SmtpClient client = TestClients.builder(server, Security.startTlsRequired()).tls(ENCRYPT).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class,
          e -> assertThat(e.reason()).isEqualTo(TlsException.Reason.STARTTLS_NOT_OFFERED));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
      assertThat(server.received()).doesNotContain("MAIL FROM").doesNotContain(TestClients.BODY_MARKER);
    }
  }

  @Test
  void selfSignedCertificateIsAcceptedAndRecordedAsUnverified() {
    Instant now = Instant.now();
    TestPki.Credential self = TestPki.selfSigned(List.of("mx.test"), KeyType.RSA_2048, now.minusSeconds(60),
        now.plus(Duration.ofDays(30)));
    try (ScriptedServer server = TestClients.startTlsDelivering(self);
        SmtpClient client = TestClients.builder(server, Security.startTlsRequired()).tls(ENCRYPT).build()) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls()).isInstanceOfSatisfying(TlsEvidence.Established.class, tls -> {
        assertThat(tls.authentication()).isEqualTo(TlsEvidence.Authentication.NONE);
        assertThat(tls.verifiedHostName()).isEmpty();
        assertThat(tls.hostNameMatches()).isTrue();
        assertThat(tls.chainTrusted()).isFalse();
      });
    }
  }

  @Test
  void implicitTlsWithoutAuthenticationAcceptsAnExpiredCertificate() {
    TestPki.Credential expired = TestPki.expiredServer(TestPki.authority("Unknown CA"), List.of("mx.test"));
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.startTls(expired);
      p.greetAndEhlo("PIPELINING");
      TestClients.deliverPipelined(p);
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls()).tls(ENCRYPT).build()) {
      TlsEvidence.Established tls = (TlsEvidence.Established) client.send(TestClients.mail()).tls();
      assertThat(tls.authenticated()).isFalse();
      assertThat(tls.wouldHaveVerified()).isFalse();
    }
  }

  @Test
  void credentialsAreRefusedWithoutServerAuthentication() {
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.startTlsRequired()).tls(ENCRYPT)
        .credentials(Credentials.password("u@example.test", TestClients.PASSWORD)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the server is not authenticated");
  }

  @Test
  void pinsOnlyApplyToThePkixCheck() {
    assertThatThrownBy(() -> TlsOptions.builder().noAuthentication().pin(CertificatePin.certificate("00".repeat(32)))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pins only apply");
  }
}
