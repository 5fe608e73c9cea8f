package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DANE for SMTP (RFC 7672) over STARTTLS: DANE-EE ignores names and dates, DANE-TA needs the CA in the
 * served chain and a leaf for the right name, PKIX usages are unusable, and a mismatch sends nothing more.
 */
class DaneTest {

  private static final Instant NOW = Instant.now();
  /** Self-signed, expired a month ago, for a name that is not the MX host: DANE-EE must not care. */
  private static final TestPki.Credential SELF_EXPIRED_WRONG_NAME = TestPki.selfSigned(List.of("elsewhere.test"),
      KeyType.EC_P256, NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(30)));
  private static final TestPki.Credential ROOT = TestPki.authority("DANE Test Root");
  private static final TestPki.Credential ISSUING = TestPki.intermediate(ROOT, "DANE Test Issuing CA",
      NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));

  private static byte[] digest(String algorithm, byte[] bytes) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(bytes);
  }

  private static byte[] spki(X509Certificate c) {
    return c.getPublicKey().getEncoded();
  }

  private static SmtpClient client(ScriptedServer server, TlsaAssociation... records) {
    return TestClients.builder(server, Security.startTlsRequired())
        .tls(TlsOptions.builder().dane(List.of(records), "mx.test").build()).build();
  }

  private static TlsEvidence.Established deliver(TestPki.Credential presented, TlsaAssociation... records) {
    try (ScriptedServer server = TestClients.startTlsDelivering(presented); SmtpClient client = client(server, records)) {
      SendResult result = client.send(TestClients.mail());
      client.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
      assertThat(server.failures()).isEmpty();
      assertThat(server.serverNames()).containsExactly("mx.test");
      return (TlsEvidence.Established) result.tls();
    }
  }

  private static TlsException refused(TestPki.Credential presented, TlsaAssociation... records) {
    try (ScriptedServer server = TestClients.startTlsDelivering(presented); SmtpClient client = client(server, records)) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.send(TestClients.mail()));
      assertThat(t).isInstanceOf(TlsException.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
      String afterStartTls = server.received().substring(server.received().indexOf("STARTTLS\r\n") + 10);
      assertThat(afterStartTls).doesNotContain("EHLO").doesNotContain("MAIL FROM").doesNotContain("RCPT")
          .doesNotContain(TestClients.BODY_MARKER);
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      return (TlsException) t;
    }
  }

  @Test
  void daneEeSpkiSha256IgnoresNameExpiryAndIssuer() throws Exception {
    TlsaAssociation record = new TlsaAssociation(3, 1, 1, digest("SHA-256", spki(SELF_EXPIRED_WRONG_NAME.certificate())));
    TlsEvidence.Established tls = deliver(SELF_EXPIRED_WRONG_NAME, record);
    assertThat(tls.authentication()).isEqualTo(TlsEvidence.Authentication.DANE_EE);
    assertThat(tls.dane()).isTrue();
    assertThat(tls.daneMatch()).contains(record);
    assertThat(tls.verifiedHostName()).isEmpty();
    assertThat(tls.hostNameMatches()).isFalse();
    assertThat(tls.describe()).contains("auth=dane-ee").contains("tlsa=\"DANE-EE(3) SPKI(1) SHA2-256(1) ");
  }

  @Test
  void daneEeFullCertificateSha256() throws Exception {
    TlsaAssociation record = new TlsaAssociation(3, 0, 1,
        digest("SHA-256", SELF_EXPIRED_WRONG_NAME.certificate().getEncoded()));
    assertThat(deliver(SELF_EXPIRED_WRONG_NAME, record).daneMatch()).contains(record);
  }

  @Test
  void daneEeSpkiSha512() throws Exception {
    TlsaAssociation record = new TlsaAssociation(3, 1, 2, digest("SHA-512", spki(SELF_EXPIRED_WRONG_NAME.certificate())));
    assertThat(deliver(SELF_EXPIRED_WRONG_NAME, record).daneMatch()).contains(record);
  }

  @Test
  void daneEeExactSpki() {
    TlsaAssociation record = new TlsaAssociation(3, 1, 0, spki(SELF_EXPIRED_WRONG_NAME.certificate()));
    assertThat(deliver(SELF_EXPIRED_WRONG_NAME, record).daneMatch()).contains(record);
  }

  @Test
  void aMatchingRecordAmongMismatchingOnesIsEnough() throws Exception {
    TlsaAssociation wrong = TlsaAssociation.of(3, 1, 1, "ab".repeat(32));
    TlsaAssociation right = new TlsaAssociation(3, 1, 1, digest("SHA-256", spki(SELF_EXPIRED_WRONG_NAME.certificate())));
    assertThat(deliver(SELF_EXPIRED_WRONG_NAME, wrong, right).daneMatch()).contains(right);
  }

  @Test
  void mismatchingDigestFailsTransientlyAndSendsNothingAfterStartTls() throws Exception {
    byte[] d = digest("SHA-256", spki(SELF_EXPIRED_WRONG_NAME.certificate()));
    d[0] ^= 1;
    TlsException e = refused(SELF_EXPIRED_WRONG_NAME, new TlsaAssociation(3, 1, 1, d));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.DANE_MISMATCH);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).startsWith("no usable TLSA record for mx.test matches the certificate chain")
        .contains(CertificatePin.publicKeyFingerprint(SELF_EXPIRED_WRONG_NAME.certificate()));
  }

  @Test
  void daneTaMatchingTheIntermediateInTheChainWithALeafForTheRightName() throws Exception {
    TestPki.Credential leaf = TestPki.server(ISSUING, List.of("mx.test"));
    assertThat(leaf.chain()).hasSize(2); // leaf and the issuing CA: the TA is served
    TlsaAssociation record = new TlsaAssociation(2, 0, 1, digest("SHA-256", ISSUING.certificate().getEncoded()));
    TlsEvidence.Established tls = deliver(leaf, record);
    assertThat(tls.authentication()).isEqualTo(TlsEvidence.Authentication.DANE_TA);
    assertThat(tls.verifiedHostName()).contains("mx.test");
    assertThat(tls.daneMatch()).contains(record);
  }

  @Test
  void daneTaWithALeafForAnotherNameFails() throws Exception {
    TestPki.Credential leaf = TestPki.server(ISSUING, List.of("smtp.other.test"));
    TlsException e = refused(leaf, new TlsaAssociation(2, 0, 1, digest("SHA-256", ISSUING.certificate().getEncoded())));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.DANE_MISMATCH);
    assertThat(e.getMessage()).contains("the leaf is not valid for mx.test").contains("smtp.other.test");
  }

  @Test
  void daneTaWithAnExpiredLeafFails() throws Exception {
    TestPki.Credential leaf = TestPki.expiredServer(ISSUING, List.of("mx.test"));
    TlsException e = refused(leaf, new TlsaAssociation(2, 1, 1, digest("SHA-256", spki(ISSUING.certificate()))));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.DANE_MISMATCH);
    assertThat(e.getMessage()).contains("does not validate");
  }

  @Test
  void daneTaForTheLeafItselfDoesNotCount() throws Exception {
    TestPki.Credential leaf = TestPki.server(ISSUING, List.of("mx.test"));
    TlsException e = refused(leaf, new TlsaAssociation(2, 0, 1, digest("SHA-256", leaf.certificate().getEncoded())));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.DANE_MISMATCH);
  }

  @Test
  void daneTaNamesMayIncludeTheMxNameBeforeCnameExpansion() throws Exception {
    TestPki.Credential leaf = TestPki.server(ISSUING, List.of("mx.test"));
    TlsaAssociation record = new TlsaAssociation(2, 0, 1, digest("SHA-256", ISSUING.certificate().getEncoded()));
    try (ScriptedServer server = TestClients.startTlsDelivering(leaf);
        SmtpClient client = TestClients.builder(server, Security.startTlsRequired())
            .tls(TlsOptions.builder().dane(List.of(record), "mx.hosting.test", "mx.test").build()).build()) {
      TlsEvidence.Established tls = (TlsEvidence.Established) client.send(TestClients.mail()).tls();
      assertThat(tls.verifiedHostName()).contains("mx.test");
      assertThat(server.serverNames()).containsExactly("mx.hosting.test"); // SNI is the TLSA base domain
    }
  }

  @Test
  void onlyUnusableRecordsMeanMandatoryUnauthenticatedTls() throws Exception {
    byte[] d = digest("SHA-256", spki(SELF_EXPIRED_WRONG_NAME.certificate()));
    TlsEvidence.Established tls = deliver(SELF_EXPIRED_WRONG_NAME, TlsaAssociation.of(0, 1, 1, "cd".repeat(32)),
        TlsaAssociation.of(1, 0, 1, "ef".repeat(32)), new TlsaAssociation(3, 1, 1, new byte[] {1, 2, 3}),
        new TlsaAssociation(3, 2, 1, d));
    assertThat(tls.authentication()).isEqualTo(TlsEvidence.Authentication.NONE);
    assertThat(tls.dane()).isFalse();
  }

  @Test
  void onlyUnusableRecordsStillRequireStartTls() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      p.readLine();
    }); SmtpClient client = client(server, TlsaAssociation.of(1, 1, 1, "cd".repeat(32)))) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOfSatisfying(TlsException.class,
          e -> assertThat(e.reason()).isEqualTo(TlsException.Reason.STARTTLS_NOT_OFFERED));
    }
  }

  @Test
  void credentialsNeedAUsableRecord() {
    Credentials credentials = Credentials.password("u@example.test", TestClients.PASSWORD);
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.startTlsRequired())
        .tls(TlsOptions.builder().dane(List.of(TlsaAssociation.of(0, 0, 1, "cd".repeat(32))), "mx.test").build())
        .credentials(credentials).build()).isInstanceOf(IllegalStateException.class);
    SmtpClient.builder().host("mx.test").security(Security.startTlsRequired())
        .tls(TlsOptions.builder().dane(List.of(TlsaAssociation.of(3, 1, 1, "cd".repeat(32))), "mx.test").build())
        .credentials(credentials).build().close();
  }

  @Test
  void recordsAreUsableOnlyAsRfc7672Says() {
    assertThat(TlsaAssociation.of(3, 1, 1, "00".repeat(32)).usable()).isTrue();
    assertThat(TlsaAssociation.of(2, 0, 2, "00".repeat(64)).usable()).isTrue();
    assertThat(TlsaAssociation.of(3, 0, 0, "3082").usable()).isTrue();
    assertThat(TlsaAssociation.of(0, 1, 1, "00".repeat(32)).usable()).isFalse(); // PKIX-TA
    assertThat(TlsaAssociation.of(1, 1, 1, "00".repeat(32)).usable()).isFalse(); // PKIX-EE
    assertThat(TlsaAssociation.of(3, 1, 1, "00".repeat(31)).usable()).isFalse(); // short digest
    assertThat(TlsaAssociation.of(3, 1, 3, "00".repeat(32)).usable()).isFalse(); // unknown matching type
    assertThat(TlsaAssociation.of(3, 2, 1, "00".repeat(32)).usable()).isFalse(); // unknown selector
    assertThat(TlsaAssociation.of(3, 1, 1, "AB:cd " + "00".repeat(30)).data()).startsWith((byte) 0xab, (byte) 0xcd);
    assertThat(HexFormat.of().formatHex(TlsaAssociation.of(3, 1, 1, "ab".repeat(32)).data())).isEqualTo("ab".repeat(32));
    assertThatThrownBy(() -> new TlsaAssociation(256, 1, 1, new byte[32])).hasMessageContaining("usage");
    assertThatThrownBy(() -> TlsaAssociation.of(3, 1, 1, "xyz")).hasMessageContaining("not hex");
    assertThatThrownBy(() -> CertificateCheck.dane(List.of(), "mx.test")).hasMessageContaining("at least one");
  }
}
