package dev.sealpost.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Postfix fixture with tools we did not write: openssl s_client, Python's smtplib and swaks.
 * One GOOD and one WEAK instance run side by side for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostfixServerTest {

  static final String USER = "alice@example.test";
  static final String PASSWORD = "correct-horse-battery";

  Path dir;
  TestPki.Credential ca;
  Path caFile;
  PostfixServer good;
  PostfixServer weak;

  @BeforeAll
  void start(@TempDir Path tempDir) {
    PostfixServer.assumeAvailable();
    dir = tempDir;
    ca = TestPki.authority("Postfix test CA");
    caFile = ca.writeCertificate(dir.resolve("ca.pem"));
    List<String> names = List.of("localhost", "127.0.0.1");
    good = PostfixServer.builder().profile(PostfixServer.Profile.GOOD).user(USER, PASSWORD)
        .certificate(TestPki.server(ca, names).write(dir, "good")).start();
    weak = PostfixServer.builder().profile(PostfixServer.Profile.WEAK).user(USER, PASSWORD)
        .certificate(TestPki.expiredServer(ca, names).write(dir, "weak")).start();
    System.out.printf("Postfix start: GOOD %d ms, WEAK %d ms%n", good.startTime().toMillis(), weak.startTime().toMillis());
  }

  @AfterAll
  void stop() {
    for (PostfixServer p : new PostfixServer[] {good, weak}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Nested
  class Good {

    @Test
    void implicitTlsRefusesTls10And11() {
      for (String version : List.of("-tls1", "-tls1_1")) {
        String out = PostfixTools.sClient(good.implicitTlsPort(), caFile, version, "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(out).as(version).contains("Cipher is (NONE)").contains("alert protocol version");
      }
    }

    @Test
    void implicitTlsNegotiatesTls12And13WithAValidCertificate() {
      assertThat(PostfixTools.sClient(good.implicitTlsPort(), caFile, "-tls1_2"))
          .contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-").contains("Verify return code: 0 (ok)");
      assertThat(PostfixTools.sClient(good.implicitTlsPort(), caFile, "-tls1_3"))
          .contains("New, TLSv1.3, Cipher is TLS_").contains("Verify return code: 0 (ok)");
    }

    @Test
    void submissionOffersAuthOnlyAfterStarttlsAndDelivers() {
      String out = PostfixTools.python(PostfixTools.SUBMISSION_SCRIPT, good.submissionPort(), caFile,
          Map.of("TO", "bob@example.test,carol@elsewhere.example", "TLS", "starttls"));
      assertThat(out).contains("before-tls auth=None starttls=True")
          .contains("auth-before-tls 530 5.7.0")
          .contains("after-tls auth=PLAIN LOGIN")
          .contains("login 235");

      assertThat(PostfixTools.deliveredTo(good, "bob@example.test")).contains("Subject: via smtplib")
          .contains("with ESMTPSA");
      assertThat(PostfixTools.deliveredTo(good, "carol@elsewhere.example")).contains("Subject: via smtplib");
    }

    @Test
    void implicitTlsAcceptsAuthLoginFromSwaks() {
      String out = PostfixTools.swaks(good.implicitTlsPort(), "dave@example.test", "--tlsc",
          "--auth", "LOGIN", "--auth-user", USER, "--auth-password", PASSWORD, "--header", "Subject: via swaks");
      assertThat(out).contains("235 2.7.0 Authentication successful").contains("250 2.0.0 Ok: queued");
      assertThat(PostfixTools.deliveredTo(good, "dave@example.test")).contains("Subject: via swaks");
    }

    @Test
    void relayNeedsAuth() {
      String out = PostfixTools.swaks(good.smtpPort(), "eve@elsewhere.example", "--quit-after", "RCPT");
      assertThat(out).contains("554 5.7.1 <eve@elsewhere.example>: Relay access denied");
    }
  }

  @Nested
  class Weak {

    @Test
    void implicitTlsAcceptsTls10() {
      assertThat(PostfixTools.sClient(weak.implicitTlsPort(), caFile, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"))
          .contains("New, TLSv1.0, Cipher is ");
    }

    @Test
    void submissionAdvertisesAndAcceptsAuthBeforeStarttls() {
      String out = PostfixTools.python(PostfixTools.SUBMISSION_SCRIPT, weak.submissionPort(), caFile,
          Map.of("TO", "frank@example.test", "TLS", "none"));
      assertThat(out).contains("before-tls auth=PLAIN LOGIN starttls=True").contains("login 235");
      assertThat(PostfixTools.deliveredTo(weak, "frank@example.test")).contains("Subject: via smtplib");
    }

    @Test
    void servesAnExpiredCertificate() {
      String out = PostfixTools.sClient(weak.submissionPort(), caFile, "-starttls", "smtp", "-showcerts");
      assertThat(out).contains("Verify return code: 10 (certificate has expired)");
      Instant notAfter = PostfixTools.notAfter(out);
      assertThat(notAfter).isBefore(Instant.now());
    }
  }

  @Test
  void eachWeaknessIsAnOption() {
    TestPki.PemPaths cert = TestPki.server(ca, List.of("localhost")).write(dir, "only-auth");
    try (PostfixServer onlyAuth = PostfixServer.builder().authBeforeTls().user("carol", PASSWORD)
        .certificate(cert).start()) {
      assertThat(PostfixTools.sClient(onlyAuth.implicitTlsPort(), caFile, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"))
          .contains("Cipher is (NONE)").contains("alert protocol version");
      // a user name without a domain authenticates in the instance's domain
      String out = PostfixTools.python(PostfixTools.SUBMISSION_SCRIPT, onlyAuth.submissionPort(), caFile,
          Map.of("TO", "grace@example.test", "TLS", "none", "USER_NAME", "carol"));
      assertThat(out).contains("before-tls auth=PLAIN LOGIN").contains("login 235");
    }
  }

  @Test
  void closeLeavesNoProcessNoListenerAndNoFiles() {
    PostfixServer p = PostfixServer.builder().user(USER, PASSWORD)
        .certificate(TestPki.server(ca, List.of("localhost")).write(dir, "close")).start();
    List<ProcessHandle> processes = ProcessHandle.of(p.masterPid()).stream()
        .flatMap(m -> java.util.stream.Stream.concat(java.util.stream.Stream.of(m), m.descendants())).toList();
    assertThat(processes).isNotEmpty();

    p.close();

    assertThat(processes).noneMatch(PostfixServer::running);
    assertThat(PostfixTools.swaks(p.smtpPort(), "bob@example.test", "--quit-after", "CONNECT")).contains("Connection refused");
    assertThat(Files.exists(p.directory())).isFalse();
  }

  @Test
  void aKeyThatDoesNotMatchFailsTheStartWithPostfixsLog() {
    TestPki.Credential one = TestPki.server(ca, List.of("localhost"));
    TestPki.Credential other = TestPki.server(ca, List.of("localhost"));
    Path chain = one.write(dir, "one").certificateChain();
    Path key = other.write(dir, "other").privateKey();

    assertThatThrownBy(() -> PostfixServer.builder().user(USER, PASSWORD)
        .certificate(new TestPki.PemPaths(chain, key)).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Postfix log:")
        .hasMessageContaining("private key mismatch");
  }
}
