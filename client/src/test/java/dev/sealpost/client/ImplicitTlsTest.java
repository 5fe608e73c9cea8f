package dev.sealpost.client;

import static dev.sealpost.client.TestClients.MX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Implicit TLS (port 465): certificate checks, pins, CA bundles from PEM, and the evidence in results. */
class ImplicitTlsTest {

  @TempDir Path dir;

  private static ScriptedServer deliveringServer(TestPki.Credential presented) {
    return ScriptedServer.start(p -> {
      p.startTls(presented);
      p.greetAndEhlo("PIPELINING");
      TestClients.deliverPipelined(p);
    });
  }

  @Test
  void resultCarriesTlsEvidence() {
    try (ScriptedServer server = deliveringServer(MX);
        SmtpClient client = TestClients.builder(server, Security.implicitTls()).build()) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.tls()).isInstanceOfSatisfying(TlsEvidence.Established.class, tls -> {
        assertThat(tls.protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(tls.cipherSuite()).startsWith("TLS_");
        assertThat(tls.subject()).isEqualTo("CN=mx.test");
        assertThat(tls.sha256Fingerprint()).isEqualTo(CertificatePin.fingerprint(MX.certificate()));
        assertThat(tls.notAfter()).isEqualTo(MX.certificate().getNotAfter().toInstant());
        assertThat(tls.verifiedHostName()).contains("mx.test");
        assertThat(tls.chainTrusted()).isTrue();
        assertThat(tls.pinned()).isFalse();
      });
      assertThat(result.tls().describe()).contains("host=mx.test").contains("trusted-chain");
    }
  }

  @Test
  void tls13OnlyNegotiatesTls13() {
    try (ScriptedServer server = deliveringServer(MX); SmtpClient client = TestClients.builder(server,
        Security.implicitTls()).tls(TlsOptions.builder().trust(TestClients.CA.certificate()).withoutSystemCas()
        .tls13Only().build()).build()) {
      assertThat(((TlsEvidence.Established) client.send(TestClients.mail()).tls()).protocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void caBundleFromPemFileIsTrusted() {
    Path pem = TestClients.CA.writeCertificate(dir.resolve("ca.pem"));
    try (ScriptedServer server = deliveringServer(MX); SmtpClient client = TestClients.builder(server,
        Security.implicitTls()).tls(TlsOptions.builder().trustPem(pem).build()).build()) {
      assertThat(client.send(TestClients.mail()).accepted()).hasSize(1);
    }
  }

  @Test
  void systemCasAloneDoNotTrustThePrivateCa() {
    try (ScriptedServer server = deliveringServer(MX); SmtpClient client = TestClients.builder(server,
        Security.implicitTls()).tls(TlsOptions.defaults()).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class,
          e -> assertThat(e.reason()).isEqualTo(TlsException.Reason.UNTRUSTED_CHAIN));
    }
  }

  @Test
  void pinnedSelfSignedCertificateIsAccepted() {
    Instant now = Instant.now();
    TestPki.Credential self = TestPki.selfSigned(List.of("mx.test"), KeyType.EC_P256, now.minusSeconds(60),
        now.plus(Duration.ofDays(10)));
    TlsOptions pinned = TlsOptions.builder().withoutSystemCas()
        .pin(CertificatePin.publicKey(CertificatePin.publicKeyFingerprint(self.certificate()))).build();
    try (ScriptedServer server = deliveringServer(self);
        SmtpClient client = TestClients.builder(server, Security.implicitTls()).tls(pinned).build()) {
      TlsEvidence.Established tls = (TlsEvidence.Established) client.send(TestClients.mail()).tls();
      assertThat(tls.pinned()).isTrue();
      assertThat(tls.chainTrusted()).isFalse();
    }
  }

  @Test
  void pinMismatchFailsEvenWithATrustedChain() {
    TlsOptions pinned = TlsOptions.builder().trust(TestClients.CA.certificate())
        .pin(CertificatePin.certificate("00".repeat(32))).build();
    try (ScriptedServer server = deliveringServer(MX);
        SmtpClient client = TestClients.builder(server, Security.implicitTls()).tls(pinned).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class, e -> {
        assertThat(e.reason()).isEqualTo(TlsException.Reason.PIN_MISMATCH);
        assertThat(e.getMessage()).contains(CertificatePin.fingerprint(MX.certificate()));
      });
    }
  }

  @Test
  void notYetValidCertificateFails() {
    Instant start = Instant.now().plus(Duration.ofDays(3));
    TestPki.Credential future = TestPki.server(TestClients.CA, List.of("mx.test"), KeyType.EC_P256, start,
        start.plus(Duration.ofDays(90)));
    try (ScriptedServer server = deliveringServer(future);
        SmtpClient client = TestClients.builder(server, Security.implicitTls()).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class, e -> {
        assertThat(e.reason()).isEqualTo(TlsException.Reason.NOT_YET_VALID);
        assertThat(e.getMessage()).startsWith("certificate for mx.test is not valid before");
      });
    }
  }

  @Test
  void wildcardCertificateCoversOneLabel() {
    TestPki.Credential wildcard = TestPki.server(TestClients.CA, List.of("*.test"));
    try (ScriptedServer server = deliveringServer(wildcard);
        SmtpClient client = TestClients.builder(server, Security.implicitTls()).build()) {
      // "*.test" would cover a whole top-level domain: refused.
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class,
          e -> assertThat(e.reason()).isEqualTo(TlsException.Reason.WRONG_HOST));
    }
  }

  @Test
  void pinsAreValidated() {
    assertThatThrownBy(() -> CertificatePin.certificate("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TlsOptions.builder().withoutSystemCas().build())
        .hasMessageContaining("trust nothing");
  }
}
