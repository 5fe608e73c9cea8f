package dev.sealpost.client;

import static dev.sealpost.client.TestClients.MX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS under attack (STRIPTLS, refused STARTTLS, response injection, forged certificates): each case
 * fails with its own error, and the server's recording proves no credential, envelope or content was sent.
 */
class StartTlsSecurityTest {

  private static final Credentials CREDENTIALS = Credentials.password("user@example.test", TestClients.PASSWORD);

  private static void assertNothingSensitiveSent(ScriptedServer server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
    String wire = server.received();
    String plain = Base64.getEncoder().encodeToString(
        ("\0user@example.test\0" + TestClients.PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(wire).doesNotContainIgnoringCase("AUTH").doesNotContain("MAIL FROM").doesNotContain("RCPT TO")
        .doesNotContain("DATA").doesNotContain(TestClients.PASSWORD).doesNotContain(plain)
        .doesNotContain(TestClients.BODY_MARKER);
  }

  private static TlsException sendExpectingTlsFailure(ScriptedServer server) {
    try (SmtpClient client = TestClients.builder(server, Security.startTlsRequired()).credentials(CREDENTIALS).build()) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.send(TestClients.mail()));
      assertThat(t).isInstanceOf(TlsException.class);
      return (TlsException) t;
    }
  }

  @Test
  void noStartTlsAdvertisedFailsWithoutSendingAnything() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING", "AUTH PLAIN LOGIN");
      p.readLine();
    })) {
      TlsException e = sendExpectingTlsFailure(server);
      assertThat(e.reason()).isEqualTo(TlsException.Reason.STARTTLS_NOT_OFFERED);
      assertThat(e.getMessage()).contains("does not offer STARTTLS");
      assertNothingSensitiveSent(server);
    }
  }

  @Test
  void startTlsAnswered454Fails() {
    assertStartTlsRefused("454 4.7.0 TLS not available due to temporary reason", 454);
  }

  @Test
  void startTlsAnswered502Fails() {
    assertStartTlsRefused("502 5.5.1 command not implemented", 502);
  }

  @Test
  void startTlsAnswered250Fails() {
    assertStartTlsRefused("250 2.0.0 sure", 250);
  }

  private void assertStartTlsRefused(String answer, int code) {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "AUTH PLAIN");
      p.expect("STARTTLS");
      p.reply(answer);
      p.readLine();
    })) {
      TlsException e = sendExpectingTlsFailure(server);
      assertThat(e.reason()).isEqualTo(TlsException.Reason.STARTTLS_REFUSED);
      assertThat(e.reply()).map(SmtpReply::code).contains(code);
      assertThat(e.getMessage()).contains("answered STARTTLS with " + code);
      assertNothingSensitiveSent(server);
    }
  }

  @Test
  void certificateForAnotherHostFails() {
    TlsException e = withCertificate(TestPki.server(TestClients.CA, List.of("smtp.other.test")));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.WRONG_HOST);
    assertThat(e.getMessage()).isEqualTo("certificate is not valid for host mx.test (names: smtp.other.test)");
  }

  @Test
  void selfSignedCertificateFails() {
    Instant now = Instant.now();
    TlsException e = withCertificate(TestPki.selfSigned(List.of("mx.test"), KeyType.EC_P256, now.minusSeconds(60),
        now.plus(Duration.ofDays(30))));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.SELF_SIGNED);
    assertThat(e.getMessage()).contains("certificate for mx.test is self-signed");
  }

  @Test
  void expiredCertificateFails() {
    Instant expiry = Instant.parse("2026-01-01T00:00:00Z").isBefore(Instant.now())
        ? Instant.parse("2026-01-01T00:00:00Z") : Instant.now().minus(Duration.ofDays(2));
    TlsException e = withCertificate(TestPki.server(TestClients.CA, List.of("mx.test"), KeyType.EC_P256,
        expiry.minus(Duration.ofDays(90)), expiry));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.EXPIRED);
    assertThat(e.getMessage()).startsWith("certificate for mx.test expired on ");
  }

  @Test
  void untrustedChainFails() {
    TestPki.Credential otherCa = TestPki.authority("Attacker CA");
    TlsException e = withCertificate(TestPki.server(otherCa, List.of("mx.test")));
    assertThat(e.reason()).isEqualTo(TlsException.Reason.UNTRUSTED_CHAIN);
    assertThat(e.getMessage()).contains("certificate chain for mx.test is not trusted").contains("Attacker CA");
  }

  private TlsException withCertificate(TestPki.Credential presented) {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "AUTH PLAIN");
      p.expect("STARTTLS");
      p.reply("220 2.0.0 ready");
      p.startTls(presented);
      p.readLine();
    })) {
      TlsException e = sendExpectingTlsFailure(server);
      assertNothingSensitiveSent(server);
      return e;
    }
  }

  @Test
  void repliesInjectedAfterThe220AreDiscarded() {
    List<SmtpReply> replies = new CopyOnWriteArrayList<>();
    SmtpEventListener listener = new SmtpEventListener() {
      @Override
      public void replyReceived(Destination d, SmtpReply reply) {
        replies.add(reply);
      }
    };
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS");
      p.expect("STARTTLS");
      // One write: the 220 and, in the same segment, replies an attacker hopes will be read inside TLS.
      p.raw("220 2.0.0 go ahead\r\n554 5.7.0 injected\r\n250 2.0.0 injected\r\n");
      p.startTls(MX);
      p.expect("EHLO client.test");
      p.ehloReply("AUTH PLAIN", "SIZE 10000");
      p.expect("AUTH PLAIN ");
      p.reply("235 2.7.0 ok");
      p.expect("MAIL FROM:<sender@example.test>");
      p.reply("250 2.1.0 sender ok");
      p.expect("RCPT TO:<rcpt@example.test>");
      p.reply("250 2.1.5 recipient ok");
      p.expect("DATA");
      p.reply("354 go on");
      p.readData();
      p.reply("250 2.0.0 queued as REAL");
      p.expect("QUIT");
      p.reply("221 2.0.0 bye");
    }); SmtpClient client = TestClients.builder(server, Security.startTlsRequired()).credentials(CREDENTIALS)
        .listener(listener).build()) {
      SendResult result = client.send(TestClients.mail());
      assertThat(result.finalReply().lines()).containsExactly("queued as REAL");
      assertThat(result.recipients().getFirst().text()).isEqualTo("recipient ok");
      assertThat(replies).extracting(Replies::oneLine).noneMatch(r -> r.contains("injected"));
      client.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
      assertThat(server.failures()).isEmpty();
    }
  }

  @Test
  void capabilitiesAdvertisedOnlyBeforeTlsAreNotUsed() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "AUTH PLAIN LOGIN", "PIPELINING");
      p.expect("STARTTLS");
      p.reply("220 2.0.0 go ahead");
      p.startTls(MX);
      p.expect("EHLO client.test");
      p.ehloReply("SIZE 10000"); // inside TLS: no AUTH (and no STARTTLS, as RFC 3207 §4.2 requires)
      p.readLine();
    }); SmtpClient client = TestClients.builder(server, Security.startTlsRequired()).credentials(CREDENTIALS).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("offers no AUTH inside TLS");
      assertNothingSensitiveSent(server);
    }
  }

  @Test
  void credentialsWithClearTextAreRefusedAtBuildTime() {
    assertThatThrownBy(() -> SmtpClient.builder().host("mx.test").security(Security.insecureCleartext())
        .credentials(CREDENTIALS).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AUTH is never sent without TLS");
  }
}
