package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.cli.probe.ProbeTarget.Role;
import dev.sealpost.cli.probe.ProbeTarget.TlsMode;
import dev.sealpost.testing.PostfixServer;
import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against a mail server we did not write: Postfix from Debian, once configured well and once
 * with each weakness the issue names (TLS 1.0, AUTH before STARTTLS, an expired certificate).
 */
class PostfixProbeTest {

  private static final TestPki.Credential CA = TestPki.authority("Postfix Probe CA");
  private static MailServerProbe probe;

  @BeforeAll
  static void start() {
    probe = new MailServerProbe(new CertificateAssessment(List.of(CA.certificate()), false, Instant.now()),
        Duration.ofSeconds(10), Duration.ofSeconds(1), "probe.test");
  }

  @AfterAll
  static void stop() {
    probe.close();
  }

  private static TestPki.PemPaths certificate(Path dir, boolean expired) {
    Instant now = Instant.now();
    TestPki.Credential c = expired
        ? TestPki.server(CA, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(120)),
            now.minus(Duration.ofDays(30)))
        : TestPki.server(CA, List.of("localhost"));
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return c.write(dir, "postfix");
  }

  private static List<String> errors(ProbeReport r) {
    return r.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::id).toList();
  }

  private static ProbeReport submission(PostfixServer p) {
    return probe.probe(new ProbeTarget("localhost", p.submissionPort(), TlsMode.STARTTLS, Role.SUBMISSION));
  }

  private static ProbeReport implicit(PostfixServer p) {
    return probe.probe(new ProbeTarget("localhost", p.implicitTlsPort(), TlsMode.IMPLICIT, Role.SUBMISSION));
  }

  @Test
  void goodPostfixPasses(@TempDir Path dir) {
    PostfixServer.assumeAvailable();
    try (PostfixServer p = PostfixServer.builder().certificate(certificate(dir, false)).user("demo", "pw-Good-1")
        .start()) {
      for (ProbeReport r : List.of(submission(p), implicit(p),
          probe.probe(new ProbeTarget("localhost", p.smtpPort(), TlsMode.STARTTLS, Role.MX)))) {
        assertThat(errors(r)).as(r.target() + " " + r.findings()).isEmpty();
        assertThat(r.versions()).extracting(v -> v.version() + "=" + v.status())
            .containsExactly("TLSv1=REFUSED", "TLSv1.1=REFUSED", "TLSv1.2=ACCEPTED", "TLSv1.3=ACCEPTED");
        assertThat(r.certificate().trusted()).isTrue();
      }
      ProbeReport s = submission(p);
      assertThat(s.finding("tls-required")).isNotNull();
      assertThat(s.finding("no-auth-before-tls")).isNotNull();
      assertThat(s.extensionsInTls()).anyMatch(e -> e.startsWith("AUTH"));
    }
  }

  @Test
  void weakPostfixIsFlaggedForEveryWeakness(@TempDir Path dir) {
    PostfixServer.assumeAvailable();
    try (PostfixServer p = PostfixServer.builder().profile(PostfixServer.Profile.WEAK)
        .certificate(certificate(dir, true)).user("demo", "pw-Weak-1").start()) {
      ProbeReport s = submission(p);
      assertThat(errors(s)).contains("tls1.0-accepted", "tls1.1-accepted", "auth-advertised-before-tls",
          "auth-accepted-before-tls", "tls-not-required", "certificate-expired");
      assertThat(s.hasErrors()).isTrue();
      ProbeReport i = implicit(p);
      assertThat(errors(i)).contains("tls1.0-accepted", "certificate-expired");
    }
  }

  @Test
  void eachWeaknessAloneIsFoundAlone(@TempDir Path dir) {
    PostfixServer.assumeAvailable();
    try (PostfixServer tls10 = PostfixServer.builder().tls10().certificate(certificate(dir.resolve("a"), false))
            .user("demo", "pw-Tls-1").start();
        PostfixServer auth = PostfixServer.builder().authBeforeTls().certificate(certificate(dir.resolve("b"), false))
            .user("demo", "pw-Auth-1").start();
        PostfixServer expired = PostfixServer.builder().certificate(certificate(dir.resolve("c"), true))
            .user("demo", "pw-Exp-1").start()) {
      assertThat(errors(implicit(tls10))).containsExactlyInAnyOrder("tls1.0-accepted", "tls1.1-accepted");
      assertThat(errors(submission(auth))).containsExactlyInAnyOrder("auth-advertised-before-tls",
          "auth-accepted-before-tls", "tls-not-required");
      assertThat(errors(implicit(expired))).containsExactly("certificate-expired");
    }
  }
}
