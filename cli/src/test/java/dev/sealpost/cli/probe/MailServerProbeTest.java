package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.cli.probe.ProbeReport.VersionResult.Status;
import dev.sealpost.cli.probe.ProbeTarget.Role;
import dev.sealpost.cli.probe.ProbeTarget.TlsMode;
import dev.sealpost.server.TestServer;
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

/** The probe against our own server (sound, and with TLS 1.0 switched on) and against scripted flaws. */
class MailServerProbeTest {

  private static final TestPki.Credential CA = TestPki.authority("Probe Test CA");

  private static MailServerProbe probe;

  @BeforeAll
  static void start() {
    probe = new MailServerProbe(new CertificateAssessment(List.of(CA.certificate()), false, Instant.now()),
        Duration.ofSeconds(5), Duration.ofMillis(700), "probe.test");
  }

  @AfterAll
  static void stop() {
    probe.close();
  }

  private static ProbeReport run(int port, TlsMode mode, Role role) {
    return probe.probe(new ProbeTarget("localhost", port, mode, role));
  }

  private static List<String> ids(ProbeReport r, Severity s) {
    return r.findings().stream().filter(f -> f.severity() == s).map(Finding::id).toList();
  }

  private static MailServerProbe trustingDevCa(TestServer server) {
    return new MailServerProbe(new CertificateAssessment(List.of(server.ca()), false, Instant.now()),
        Duration.ofSeconds(5), Duration.ofMillis(700), "probe.test");
  }

  @Test
  void sealpostPassesOnAllThreeListeners(@TempDir Path dir) {
    try (TestServer server = TestServer.start(dir); MailServerProbe p = trustingDevCa(server)) {
      ProbeReport implicit = p.probe(new ProbeTarget("localhost", server.submissions().getPort(), null, Role.SUBMISSION));
      assertThat(implicit.tlsMode()).isEqualTo("implicit"); // detected: no clear-text greeting
      ProbeReport submission = p.probe(new ProbeTarget("localhost", server.submission().getPort(), TlsMode.STARTTLS,
          Role.SUBMISSION));
      ProbeReport mx = p.probe(new ProbeTarget("localhost", server.smtp().getPort(), null, Role.MX));
      for (ProbeReport r : List.of(implicit, submission, mx)) {
        assertThat(r.hasErrors()).as(r.findings().toString()).isFalse();
        assertThat(ids(r, Severity.WARNING)).as(r.target()).isEmpty();
        assertThat(r.versions()).extracting(ProbeReport.VersionResult::status)
            .containsExactly(Status.REFUSED, Status.REFUSED, Status.ACCEPTED, Status.ACCEPTED);
        assertThat(r.certificate().trusted()).isTrue();
        assertThat(r.certificate().hostNameMatches()).isTrue();
        assertThat(ids(r, Severity.OK)).contains("no-weak-cipher-suites", "certificate-trusted");
      }
      assertThat(ids(implicit, Severity.OK)).contains("no-cleartext", "tls-first");
      assertThat(ids(submission, Severity.OK)).contains("tls-required", "no-auth-before-tls", "starttls");
      assertThat(submission.extensionsBeforeTls()).contains("STARTTLS").noneMatch(e -> e.startsWith("AUTH"));
      assertThat(submission.extensionsInTls()).contains("AUTH PLAIN LOGIN");
      assertThat(mx.extensionsInTls()).noneMatch(e -> e.startsWith("AUTH"));
    }
  }

  @Test
  void flagsTls10WhenAnAdminTurnsItOn(@TempDir Path dir) {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.sealpost.tls.SslContexts.openSslAvailable(),
        "TLS 1.0 can only be served and offered through BoringSSL; netty-tcnative did not load");
    String legacy = """
        [tls]
        protocols = ["TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"]
        allow-legacy-protocols = true
        """;
    try (TestServer server = TestServer.start(dir, legacy); MailServerProbe p = trustingDevCa(server)) {
      ProbeReport r = p.probe(new ProbeTarget("localhost", server.submissions().getPort(), TlsMode.IMPLICIT,
          Role.SUBMISSION));
      assertThat(ids(r, Severity.ERROR)).containsExactlyInAnyOrder("tls1.0-accepted", "tls1.1-accepted");
      assertThat(r.versions().getFirst().cipher()).contains("CBC");
      assertThat(r.hasErrors()).isTrue();
    }
  }

  @Test
  void authAndMailBeforeTlsArePartialSecurity() throws Exception {
    var cred = TestPki.server(CA, List.of("localhost"));
    try (var s = new ScriptedSmtpServer(new ScriptedSmtpServer.Script(false, cred, true, 220, true, true))) {
      ProbeReport r = run(s.port(), TlsMode.STARTTLS, Role.SUBMISSION);
      assertThat(ids(r, Severity.ERROR)).containsExactlyInAnyOrder(
          "auth-advertised-before-tls", "auth-accepted-before-tls", "tls-not-required");
      // The 334 was cancelled at once: no user name, no password, nothing but the bare command.
      int auth = s.received.indexOf("clear: AUTH LOGIN");
      assertThat(auth).isNotNegative();
      assertThat(s.received.get(auth + 1)).isEqualTo("clear: *");
    }
  }

  @Test
  void missingOrRefusedStartTlsIsAnError() throws Exception {
    var cred = TestPki.server(CA, List.of("localhost"));
    try (var none = new ScriptedSmtpServer(new ScriptedSmtpServer.Script(false, cred, false, 220, false, false));
        var refused = new ScriptedSmtpServer(new ScriptedSmtpServer.Script(false, cred, true, 454, false, false))) {
      assertThat(ids(run(none.port(), TlsMode.STARTTLS, Role.MX), Severity.ERROR)).containsExactly("starttls-missing");
      ProbeReport r = run(refused.port(), TlsMode.STARTTLS, Role.MX);
      assertThat(ids(r, Severity.ERROR)).containsExactly("starttls-refused");
      assertThat(r.finding("starttls-refused").summary()).contains("454");
    }
  }

  @Test
  void certificateFlawsEachHaveTheirFinding() throws Exception {
    Instant now = Instant.now();
    var expired = TestPki.server(CA, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(100)),
        now.minus(Duration.ofDays(10)));
    var otherHost = TestPki.server(CA, List.of("mail.other.test"));
    var selfSigned = TestPki.selfSigned(List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(90)));
    var untrusted = TestPki.server(TestPki.authority("Unknown CA"), List.of("localhost"));
    var expiring = TestPki.server(CA, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(80)),
        now.plus(Duration.ofDays(5)));
    record Case(TestPki.Credential cred, String id, Severity severity) {}
    for (Case c : List.of(new Case(expired, "certificate-expired", Severity.ERROR),
        new Case(otherHost, "certificate-hostname-mismatch", Severity.ERROR),
        new Case(selfSigned, "certificate-self-signed", Severity.ERROR),
        new Case(untrusted, "certificate-untrusted", Severity.ERROR),
        new Case(expiring, "certificate-expiring", Severity.WARNING))) {
      try (var s = new ScriptedSmtpServer(new ScriptedSmtpServer.Script(true, c.cred(), false, 220, false, false))) {
        ProbeReport r = run(s.port(), TlsMode.IMPLICIT, Role.SUBMISSION);
        assertThat(r.finding(c.id())).as(c.id() + " in " + r.findings()).isNotNull();
        assertThat(r.finding(c.id()).severity()).isEqualTo(c.severity());
        // Each flaw alone: nothing else about the port is reported as an error.
        assertThat(ids(r, Severity.ERROR)).as(c.id())
            .isEqualTo(c.severity() == Severity.ERROR ? List.of(c.id()) : List.of());
      }
    }
  }

  @Test
  void anExpiredChainIsStillJudgedForTrustSeparately() throws Exception {
    Instant now = Instant.now();
    var expired = TestPki.server(CA, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(100)),
        now.minus(Duration.ofDays(10)));
    try (var s = new ScriptedSmtpServer(new ScriptedSmtpServer.Script(true, expired, false, 220, false, false))) {
      ProbeReport r = run(s.port(), TlsMode.IMPLICIT, Role.SUBMISSION);
      assertThat(r.certificate().trusted()).isTrue();
      assertThat(r.certificate().daysLeft()).isNegative();
    }
  }

  @Test
  void mxRoleDowngradesUnauthenticatedCertificatesToWarnings() throws Exception {
    var otherHost = TestPki.server(CA, List.of("mail.other.test"));
    try (var s = new ScriptedSmtpServer(ScriptedSmtpServer.Script.sound(otherHost))) {
      ProbeReport r = run(s.port(), TlsMode.STARTTLS, Role.MX);
      assertThat(r.finding("certificate-hostname-mismatch").severity()).isEqualTo(Severity.WARNING);
      assertThat(r.hasErrors()).isFalse();
    }
  }

  @Test
  void cleartextGreetingOnAnImplicitTlsPort() throws Exception {
    var cred = TestPki.server(CA, List.of("localhost"));
    try (var s = new ScriptedSmtpServer(ScriptedSmtpServer.Script.sound(cred))) {
      ProbeReport r = run(s.port(), TlsMode.IMPLICIT, Role.SUBMISSION);
      assertThat(ids(r, Severity.ERROR)).as(r.findings().toString()).contains("cleartext-on-tls-port", "tls-failed");
    }
  }

  @Test
  void aClosedPortIsAConnectionFailure() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProbeReport r = run(port, null, Role.SUBMISSION);
    assertThat(ids(r, Severity.ERROR)).containsExactly("connection-failed");
  }
}
