package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.TestServer;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.PostfixServer;
import dev.sealpost.testing.SmtpConversation;
import dev.sealpost.testing.StartTlsStrippingProxy;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound delivery end to end: a message submitted to Sealpost for someone@remote.test is routed by
 * MX through a DNS server of the test's and handed to Postfix (a receiver we did not write) or to a
 * second Sealpost; a relayhost takes everything when configured.
 */
class OutboundDeliveryTest {

  private static final TestPki.Credential CA = TestPki.authority("Remote MX CA");

  /** @param ca an extra trusted CA file, or null for the system's only */
  private static String outboundToml(FakeDnsServer dns, int mxPort, String policy, Path ca) {
    return """
        [outbound]
        dns = ["%s"]
        mx-port = %d
        tls = "%s"
        first-retry-seconds = 3600
        """.formatted(dns.address(), mxPort, policy) + (ca == null ? "" : "trusted-cas = [\"" + ca + "\"]\n");
  }

  private static void submit(TestServer server, String rcpt, String subject) {
    try (SmtpConversation c = server.authenticatedSubmission()) {
      assertThat(c.command("MAIL FROM:<" + TestServer.USER + ">").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.sendRaw("From: " + TestServer.USER + "\r\nTo: " + rcpt + "\r\nSubject: " + subject + "\r\n\r\nhello remote\r\n.\r\n");
      assertThat(c.read().code()).isEqualTo(250);
    }
  }

  private static Path writeCredential(Path dir, TestPki.Credential c) throws Exception {
    Files.createDirectories(dir);
    return c.writeCertificate(dir.resolve("ca.pem"));
  }

  @Test
  void verifiedTlsDeliveryByMx(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test").hostName("mx.remote.test")
            .certificate(TestPki.server(CA, List.of("mx.remote.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      try (TestServer server = TestServer.start(dir.resolve("s"),
          outboundToml(dns, postfix.smtpPort(), "verify", caFile))) {
        submit(server, "someone@remote.test", "over verified TLS");
        String delivered = Files.readString(postfix.awaitDeliveryTo("someone@remote.test", Duration.ofSeconds(30)));
        assertThat(delivered).contains("Subject: over verified TLS").contains("hello remote");
        // Postfix's Received line: the hop from us was encrypted, and the names are ours.
        assertThat(delivered).containsPattern("Received: from mx\\.example\\.test \\(\\S+ \\[127\\.0\\.0\\.1\\]\\)")
            .containsPattern("\\(using TLSv1\\.[23] with cipher");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.outbound().isEmpty());

        // A second message to the same MX reuses the open connection (RSET, not a new TLS handshake).
        long connectsBefore = smtpConnects(postfix);
        submit(server, "second@remote.test", "same connection");
        postfix.awaitDeliveryTo("second@remote.test", Duration.ofSeconds(30));
        assertThat(smtpConnects(postfix)).isEqualTo(connectsBefore);
      }
    }
  }

  /** Connections Postfix's MX listener has accepted so far, by its log. */
  private static long smtpConnects(PostfixServer postfix) {
    return postfix.log().lines().filter(l -> l.contains("postfix/smtp/smtpd[") && l.contains(": connect from")).count();
  }

  @Test
  void verifyWithAWrongHostCertificateDefersAndSendsNothing(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(TestPki.server(CA, List.of("other.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      try (TestServer server = TestServer.start(dir.resolve("s"),
          outboundToml(dns, postfix.smtpPort(), "verify", caFile))) {
        submit(server, "someone@remote.test", "must not leave");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(server.outbound()).hasSize(1);
        String saved = Files.readString(onlyFile(state));
        assertThat(saved).contains("TRANSIENT").contains("4.7.5").contains("other.test");
        assertThat(postfix.deliveredMessages()).isEmpty();
        // Postfix saw a TLS handshake at most: never a MAIL command.
        assertThat(postfix.log()).doesNotContain("from=<" + TestServer.USER + ">");
      }
    }
  }

  @Test
  void relayhostGetsEveryMessageOverStartTlsWithAuth(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    Path password = dir.resolve("relay-password");
    Files.writeString(password, "Relay-pass-1\n");
    Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer provider = PostfixServer.builder().domain("remote.test").hostName("smtp.provider.test")
            .certificate(TestPki.server(CA, List.of("smtp.provider.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("relay@provider.test", "Relay-pass-1").start()) {
      // No MX at all for the recipient's domain: the relayhost is the only way out.
      dns.a("smtp.provider.test", "127.0.0.1");
      String toml = """
          [outbound]
          dns = ["%s"]
          trusted-cas = ["%s"]
          [outbound.relayhost]
          host = "smtp.provider.test:%d"
          tls = "starttls"
          user = "relay@provider.test"
          password-file = "%s"
          """.formatted(dns.address(), caFile, provider.submissionPort(), password);
      try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
        submit(server, "someone@remote.test", "via the relayhost");
        String delivered = Files.readString(provider.awaitDeliveryTo("someone@remote.test", Duration.ofSeconds(30)));
        assertThat(delivered).contains("Subject: via the relayhost").containsPattern("with ESMTPSA");
        assertThat(dns.queries("remote.test")).isZero();
      }
    }
  }

  /** A smarthost for one domain only (a transport-map entry with its own relayhost): the rest goes by MX. */
  @Test
  void aDomainOwnRelayhostTakesItsMailWithAuthWhileOtherDomainsGoByMx(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    Path password = dir.resolve("relay-password");
    Files.writeString(password, "Relay-pass-1\n");
    Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer provider = PostfixServer.builder().domain("remote.test").hostName("smtp.provider.test")
            .certificate(TestPki.server(CA, List.of("smtp.provider.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("relay@provider.test", "Relay-pass-1").start()) {
      dns.a("smtp.provider.test", "127.0.0.1");
      String toml = """
          [outbound]
          dns = ["%s"]
          trusted-cas = ["%s"]
          first-retry-seconds = 3600
          [[outbound.domains]]
          domain = "remote.test"
          [outbound.domains.relayhost]
          host = "smtp.provider.test:%d"
          tls = "starttls"
          user = "relay@provider.test"
          password-file = "%s"
          """.formatted(dns.address(), caFile, provider.submissionPort(), password);
      try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
        submit(server, "someone@remote.test", "via the domain's relayhost");
        submit(server, "someone@elsewhere.test", "by MX");
        String delivered = Files.readString(provider.awaitDeliveryTo("someone@remote.test", Duration.ofSeconds(30)));
        assertThat(delivered).contains("Subject: via the domain's relayhost").containsPattern("with ESMTPSA");
        assertThat(dns.queries("remote.test")).isZero();
        // elsewhere.test has no relayhost: it is looked up by MX (and, with no records, waits).
        await().atMost(Duration.ofSeconds(10)).until(() -> dns.queries("elsewhere.test") > 0);
        assertThat(provider.log()).doesNotContain("elsewhere.test");
      }
    }
  }

  @Test
  void sealpostToSealpostOverVerifiedTls(@TempDir Path dir) throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start(); TestServer receiver = TestServer.start(dir.resolve("r"))) {
      // The receiver serves example.test with a dev certificate for "localhost": its MX is named so.
      dns.mx("example.test", 10, "localhost").a("localhost", "127.0.0.1");
      try (TestServer sender = TestServer.start(dir.resolve("s"), List.of("sender.test"),
          outboundToml(dns, receiver.smtp().getPort(), "verify", receiver.caFile()))) {
        submit(sender, TestServer.OTHER, "between two Sealposts");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered(TestServer.OTHER).size() == 1);
        String stored = TestServer.read(receiver.delivered(TestServer.OTHER).getFirst());
        assertThat(stored).contains("Subject: between two Sealposts").contains("with ESMTPS")
            .containsPattern("using TLSv1\\.[23]");
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.outbound().isEmpty());
      }
    }
  }

  @Test
  void aNullMxDomainBouncesOnceToTheSenderAndTheBounceIsNotBouncedAgain(@TempDir Path dir) throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.mx("nomail.test", 0, ".");
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, 25, "verify", null))) {
        submit(server, "someone@nomail.test", "to a domain that takes no mail");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.delivered(TestServer.USER).size() == 1);
        String dsn = TestServer.read(server.delivered(TestServer.USER).getFirst());
        assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status")
            .contains("Final-Recipient: rfc822;someone@nomail.test").contains("Action: failed")
            .contains("Status: 5.1.10").contains("Subject: to a domain that takes no mail")
            .contains("Auto-Submitted: auto-replied");
        // The DSN went out from <>: it is delivered once and never answered by another bounce.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.outbound().isEmpty());
        assertThat(server.delivered(TestServer.USER)).hasSize(1);
      }
    }
  }

  @Test
  void requireTlsMessageToAServerWithoutRequireTlsBouncesWith5730(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(TestPki.server(CA, List.of("mx.remote.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      // The domain's own policy is only "may": REQUIRETLS still demands verified TLS and a next hop
      // that promises to keep it (RFC 8689); Postfix does not offer REQUIRETLS.
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, postfix.smtpPort(), "may", caFile));
          SmtpConversation c = server.authenticatedSubmission()) {
        assertThat(c.command("MAIL FROM:<" + TestServer.USER + "> REQUIRETLS").code()).isEqualTo(250);
        assertThat(c.command("RCPT TO:<someone@remote.test>").code()).isEqualTo(250);
        assertThat(c.command("DATA").code()).isEqualTo(354);
        c.sendRaw("Subject: secret\r\n\r\nonly over TLS\r\n.\r\n");
        assertThat(c.read().code()).isEqualTo(250);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.delivered(TestServer.USER).size() == 1);
        assertThat(TestServer.read(server.delivered(TestServer.USER).getFirst())).contains("Status: 5.7.30")
            .contains("REQUIRETLS");
        assertThat(postfix.deliveredMessages()).isEmpty();
      }
    }
  }

  @Test
  void mayDeliversInClearTextWhereNoStartTlsIsOfferedButEncryptWaits(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PlainAiosmtpd.available(), "python3-aiosmtpd missing: .ci/run installs it");
    try (FakeDnsServer dns = FakeDnsServer.start(); PlainAiosmtpd plain = new PlainAiosmtpd()) {
      dns.mx("plain.test", 10, "mx.plain.test").a("mx.plain.test", "127.0.0.1")
          .mx("strict.test", 10, "mx.plain.test");
      String toml = outboundToml(dns, plain.port(), "may", null) + """
          [[outbound.domains]]
          domain = "strict.test"
          tls = "encrypt"
          """;
      try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
        submit(server, "someone@plain.test", "opportunistic");
        await().atMost(Duration.ofSeconds(20)).until(() -> plain.output().contains("Subject: opportunistic"));
        submit(server, "someone@strict.test", "must be encrypted");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("4.7.5").contains("STARTTLS");
        assertThat(plain.output()).doesNotContain("must be encrypted");
      }
    }
  }

  @Test
  void mayAndEncryptUseTlsWithACertificateThatWouldNotVerify(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(TestPki.server(TestPki.authority("Unknown CA"), List.of("elsewhere.test"))
                .write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      for (String policy : List.of("may", "encrypt")) {
        try (TestServer server = TestServer.start(dir.resolve(policy), outboundToml(dns, postfix.smtpPort(), policy,
            null))) {
          submit(server, policy + "@remote.test", "policy " + policy);
          String delivered = Files.readString(postfix.awaitDeliveryTo(policy + "@remote.test", Duration.ofSeconds(30)));
          assertThat(delivered).contains("Subject: policy " + policy).containsPattern("\\(using TLSv1\\.[23] with cipher");
        }
      }
    }
  }

  @Test
  void aStartTlsStrippingManInTheMiddleCannotMakeVerifyGoOutInClearText(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(TestPki.server(CA, List.of("mx.remote.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start();
        StartTlsStrippingProxy mitm = new StartTlsStrippingProxy(
            new java.net.InetSocketAddress("127.0.0.1", postfix.smtpPort()), StartTlsStrippingProxy.Attack.STRIP_CAPABILITY)) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, mitm.port(), "verify", caFile))) {
        submit(server, "someone@remote.test", "secret through the attacker");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("4.7.5").contains("STARTTLS");
        assertThat(mitm.clientBytes()).startsWith("EHLO ").doesNotContain("MAIL FROM").doesNotContain("secret");
        assertThat(postfix.deliveredMessages()).isEmpty();
      }
    }
  }

  /**
   * TLS downgrade memory: a domain without MTA-STS or DANE, delivered under "may". Once its MX was seen
   * with a certificate that verifies, a man in the middle who strips STARTTLS cannot make the next
   * message go in clear text (mode defer, the default); under mode alert it goes, and the alert is logged.
   */
  @Test
  void anMxOnceSeenWithVerifiedTlsIsNotDowngradedToClearText(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test").hostName("mx.remote.test")
            .certificate(TestPki.server(CA, List.of("mx.remote.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start();
        StartTlsStrippingProxy mitm = new StartTlsStrippingProxy(
            new java.net.InetSocketAddress("127.0.0.1", postfix.smtpPort()), StartTlsStrippingProxy.Attack.STRIP_CAPABILITY)) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      Path data = dir.resolve("s");
      try (TestServer server = TestServer.start(data, outboundToml(dns, postfix.smtpPort(), "may", caFile))) {
        submit(server, "first@remote.test", "first over TLS");
        assertThat(Files.readString(postfix.awaitDeliveryTo("first@remote.test", Duration.ofSeconds(30))))
            .contains("by mx.remote.test (Postfix) with ESMTPS id");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.outbound().isEmpty());
      }
      assertThat(Files.readString(data.resolve("tls-history.json"))).contains("mx.remote.test");

      // The attacker now sits on the path (the same MX name, reached through the proxy).
      try (TestServer server = TestServer.start(data, outboundToml(dns, mitm.port(), "may", caFile))) {
        submit(server, "second@remote.test", "secret after the downgrade");
        Path state = data.resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("TRANSIENT").contains("4.7.5")
            .contains("offered verified TLS on");
        assertThat(mitm.clientBytes()).startsWith("EHLO ").doesNotContain("MAIL FROM").doesNotContain("secret");
        assertThat(postfix.log()).doesNotContain("second@remote.test");
      }

      // An administrator who accepts the risk: mode alert delivers (in clear text, as "may" allows). The
      // saved state goes so that the restarted queue tries at once instead of in an hour.
      try (Stream<Path> states = Files.list(data.resolve("spool/outbound-state"))) {
        for (Path p : states.toList()) {
          Files.delete(p);
        }
      }
      try (TestServer server = TestServer.start(data, outboundToml(dns, mitm.port(), "may", caFile)
          + "downgrade-protection = \"alert\"\n")) {
        String delivered = Files.readString(postfix.awaitDeliveryTo("second@remote.test", Duration.ofSeconds(30)));
        // Postfix's own Received line says ESMTP, not ESMTPS: the hop went in clear text.
        assertThat(delivered).contains("secret after the downgrade").contains("by mx.remote.test (Postfix) with ESMTP id");
      }
    }
  }

  @Test
  void mtaStsEnforceAllowsOnlyListedMxHostsAndRequiresVerifiedTls(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    Path caFile = writeCredential(dir.resolve("ca"), CA);
    var policy = new java.util.concurrent.atomic.AtomicReference<String>();
    var https = com.sun.net.httpserver.HttpsServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
        dev.sealpost.testing.Trust.serving(TestPki.server(CA, List.of("mta-sts.remote.test")))));
    https.createContext("/.well-known/mta-sts.txt", exchange -> {
      byte[] body = policy.get().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    https.start();
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(TestPki.server(CA, List.of("mx.remote.test")).write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1")
          .a("mta-sts.remote.test", "127.0.0.1").txt("_mta-sts.remote.test", "v=STSv1; id=one;");
      String toml = outboundToml(dns, postfix.smtpPort(), "may", caFile)
          + "mta-sts-port = " + https.getAddress().getPort() + "\n";

      policy.set("version: STSv1\r\nmode: enforce\r\nmx: mx.remote.test\r\nmax_age: 86400\r\n");
      try (TestServer server = TestServer.start(dir.resolve("listed"), toml)) {
        submit(server, "listed@remote.test", "listed MX");
        String delivered = Files.readString(postfix.awaitDeliveryTo("listed@remote.test", Duration.ofSeconds(30)));
        assertThat(delivered).containsPattern("\\(using TLSv1\\.[23] with cipher");
        await().atMost(Duration.ofSeconds(5)).until(() -> journal(server).contains("\"sts\""));
        assertThat(journal(server)).contains("mode: enforce");
      }

      // A policy that names another host: the real MX must not be used, and nothing is sent.
      dns.remove("_mta-sts.remote.test").txt("_mta-sts.remote.test", "v=STSv1; id=two;");
      policy.set("version: STSv1\r\nmode: enforce\r\nmx: mx.elsewhere.test\r\nmax_age: 86400\r\n");
      try (TestServer server = TestServer.start(dir.resolve("unlisted"), toml)) {
        submit(server, "unlisted@remote.test", "unlisted MX");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("MTA-STS").contains("4.7.5");
        assertThat(postfix.deliveredMessages()).hasSize(1); // only the first message
      }

      // The same policy in mode testing (RFC 8461 §5): delivered as under "may", and the report says
      // that enforce would have refused this MX.
      dns.remove("_mta-sts.remote.test").txt("_mta-sts.remote.test", "v=STSv1; id=three;");
      policy.set("version: STSv1\r\nmode: testing\r\nmx: mx.elsewhere.test\r\nmax_age: 86400\r\n");
      try (TestServer server = TestServer.start(dir.resolve("testing"), toml)) {
        submit(server, "testing@remote.test", "testing mode");
        postfix.awaitDeliveryTo("testing@remote.test", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> journal(server).contains("validation-failure"));
        assertThat(journal(server)).contains("mode: testing").contains("mta-sts-testing");
      }
    } finally {
      https.stop(0);
    }
  }

  @Test
  void daneEeAuthenticatesACertificateNoCaVouchesForAndAMismatchWaits(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    // A certificate from a CA nobody trusts, for another name: only DANE can make it acceptable.
    TestPki.Credential cert = TestPki.server(TestPki.authority("Private CA"), List.of("internal.example"));
    byte[] spki = java.security.MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded());
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(cert.write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      String tlsaName = dev.sealpost.dns.TlsaRecord.ownerName(postfix.smtpPort(), "mx.remote.test");
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1").tlsa(tlsaName, 3, 1, 1, spki)
          .authenticated("remote.test").authenticated(tlsaName);
      // The configured policy is verify, which this certificate fails; DNSSEC-validated TLSA records outrank it.
      try (TestServer server = TestServer.start(dir.resolve("match"), outboundToml(dns, postfix.smtpPort(), "verify", null))) {
        submit(server, "dane@remote.test", "authenticated by DANE");
        String delivered = Files.readString(postfix.awaitDeliveryTo("dane@remote.test", Duration.ofSeconds(30)));
        assertThat(delivered).containsPattern("\\(using TLSv1\\.[23] with cipher");
        // TLS-RPT (RFC 8460) counts the session under the host's TLSA policy.
        await().atMost(Duration.ofSeconds(5)).until(() -> journal(server).contains("\"tlsa\""));
      }
      byte[] wrong = spki.clone();
      wrong[0] ^= 1;
      dns.remove(tlsaName).tlsa(tlsaName, 3, 1, 1, wrong).authenticated(tlsaName);
      try (TestServer server = TestServer.start(dir.resolve("mismatch"), outboundToml(dns, postfix.smtpPort(), "may", null))) {
        submit(server, "nodane@remote.test", "TLSA does not match");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("4.7.5");
        assertThat(postfix.deliveredMessages()).hasSize(1); // only the first; "may" did not fall back to clear text
        assertThat(journal(server)).contains("validation-failure").contains("mx.remote.test");
      }
    }
  }

  /** RFC 7672 §2.2.1: a domain without MX records is its own host, and its own TLSA records apply. */
  @Test
  void daneAppliesToADomainWithoutMxThroughItsOwnTlsaRecords(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    TestPki.Credential cert = TestPki.server(TestPki.authority("Private CA"), List.of("bare.test"));
    byte[] spki = java.security.MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded());
    byte[] wrong = spki.clone();
    wrong[0] ^= 1;
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("bare.test")
            .certificate(cert.write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@bare.test", "Unused-pass-1").start()) {
      String tlsaName = dev.sealpost.dns.TlsaRecord.ownerName(postfix.smtpPort(), "bare.test");
      dns.a("bare.test", "127.0.0.1").tlsa(tlsaName, 3, 1, 1, wrong).authenticated("bare.test").authenticated(tlsaName);
      // Under "may" only DANE can stop this delivery: a mismatch must make the message wait.
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, postfix.smtpPort(), "may", null))) {
        submit(server, "implicit@bare.test", "implicit MX under DANE");
        Path state = server.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("TRANSIENT").contains("4.7.5")
            .contains("no usable TLSA record for bare.test");
        assertThat(postfix.deliveredMessages()).isEmpty();
      }
      dns.remove(tlsaName).tlsa(tlsaName, 3, 1, 1, spki).authenticated(tlsaName);
      try (TestServer server = TestServer.start(dir.resolve("t"), outboundToml(dns, postfix.smtpPort(), "may", null))) {
        submit(server, "matched@bare.test", "implicit MX, TLSA matches");
        assertThat(Files.readString(postfix.awaitDeliveryTo("matched@bare.test", Duration.ofSeconds(30))))
            .contains("with ESMTPS id");
        await().atMost(Duration.ofSeconds(5)).until(() -> journal(server).contains("\"tlsa\""));
        assertThat(journal(server)).contains("bare.test");
      }
    }
  }

  /**
   * The server's own TLS-RPT run: yesterday's recorded sessions go, as RFC 8460 mail through the queue,
   * to the rua of the domain; here a local mailbox, read back from the Maildir.
   */
  @Test
  void finishedDaysTlsReportsAreMailedToTheRuaThroughTheQueue(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("s");
    var yesterday = new dev.sealpost.testing.MutableClock(java.time.Instant.now().minus(Duration.ofDays(1)));
    try (var recorder = dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder.open(data.resolve("tlsrpt"), yesterday)) {
      recorder.success("remote.test", dev.sealpost.server.outbound.tlsrpt.PolicyType.TLSA, List.of("3 1 1 ab"),
          "mx.remote.test");
    }
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:" + TestServer.OTHER);
      try (TestServer server = TestServer.start(data, outboundToml(dns, 25, "may", null)
          + "[outbound.tls-reports]\norganization = \"Sealpost Test\"\n")) {
        assertThat(server.server().sendTlsReportsNow()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == 1);
        String report = TestServer.read(server.delivered(TestServer.OTHER).getFirst());
        assertThat(report).contains("TLS-Report-Domain: remote.test").contains("TLS-Report-Submitter: mx.example.test")
            .contains("report-type=\"tlsrpt\"").contains("Content-Type: application/tlsrpt+gzip");
        assertThat(server.server().sendTlsReportsNow()).as("a day goes once").isZero();
      }
    }
  }

  /**
   * RFC 7672 §2.2.2: an MX host that is a secure alias has its TLSA records at the expanded name (a
   * provider's); an alias that is not DNSSEC-validated gets no DANE, so its records cannot stop "may".
   */
  @Test
  void daneFollowsASecureCnameOfTheMxHostAndIgnoresAnInsecureOne(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    TestPki.Credential cert = TestPki.server(TestPki.authority("Private CA"), List.of("mx.provider.test"));
    byte[] spki = java.security.MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded());
    byte[] wrong = spki.clone();
    wrong[0] ^= 1;
    try (FakeDnsServer dns = FakeDnsServer.start();
        PostfixServer postfix = PostfixServer.builder().domain("remote.test")
            .certificate(cert.write(Files.createDirectories(dir.resolve("pf")), "pf"))
            .user("ignored@remote.test", "Unused-pass-1").start()) {
      String providerTlsa = dev.sealpost.dns.TlsaRecord.ownerName(postfix.smtpPort(), "mx.provider.test");
      dns.mx("remote.test", 10, "mx.remote.test").cname("mx.remote.test", "mx.provider.test")
          .a("mx.provider.test", "127.0.0.1").tlsa(providerTlsa, 3, 1, 1, spki)
          .authenticated("remote.test").authenticated("mx.remote.test").authenticated("mx.provider.test")
          .authenticated(providerTlsa);
      // Policy verify, a certificate no CA vouches for: only the provider's TLSA records can let it through.
      try (TestServer server = TestServer.start(dir.resolve("secure"), outboundToml(dns, postfix.smtpPort(), "verify", null))) {
        submit(server, "alias@remote.test", "DANE through a CNAME");
        assertThat(Files.readString(postfix.awaitDeliveryTo("alias@remote.test", Duration.ofSeconds(30))))
            .contains("with ESMTPS id");
      }
      // The alias loses its signature, and the provider's record no longer matches: under "may" no DANE
      // applies, so the message goes with opportunistic TLS instead of waiting on records nobody can trust.
      dns.remove("mx.remote.test").cname("mx.remote.test", "mx.provider.test");
      dns.remove(providerTlsa).tlsa(providerTlsa, 3, 1, 1, wrong).authenticated(providerTlsa);
      try (TestServer server = TestServer.start(dir.resolve("insecure"), outboundToml(dns, postfix.smtpPort(), "may", null))) {
        submit(server, "insecure@remote.test", "no DANE through an unsigned alias");
        assertThat(Files.readString(postfix.awaitDeliveryTo("insecure@remote.test", Duration.ofSeconds(30))))
            .contains("with ESMTPS id");
      }
    }
  }

  @Test
  void daneRequiredWithoutValidatedTlsaRecordsWaits(@TempDir Path dir) throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start(); TestServer receiver = TestServer.start(dir.resolve("r"))) {
      // TLSA records exist but the resolver did not validate them (no AD bit): they do not count.
      String tlsaName = dev.sealpost.dns.TlsaRecord.ownerName(receiver.smtp().getPort(), "localhost");
      dns.mx("example.test", 10, "localhost").a("localhost", "127.0.0.1").tlsa(tlsaName, 3, 1, 1, new byte[32]);
      try (TestServer sender = TestServer.start(dir.resolve("s"), List.of("sender.test"),
          outboundToml(dns, receiver.smtp().getPort(), "dane", receiver.caFile()))) {
        submit(sender, TestServer.OTHER, "needs DANE");
        Path state = sender.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("DANE required").contains("not DNSSEC-validated");
        assertThat(receiver.delivered(TestServer.OTHER)).isEmpty();
      }
    }
  }

  @Test
  void aNextHopWithoutDsnGetsTheMessageAndTheSenderWhoAskedHearsRelayed(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PlainAiosmtpd.available(), "python3-aiosmtpd missing: .ci/run installs it");
    try (FakeDnsServer dns = FakeDnsServer.start(); PlainAiosmtpd plain = new PlainAiosmtpd()) {
      dns.mx("plain.test", 10, "mx.plain.test").a("mx.plain.test", "127.0.0.1");
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, plain.port(), "may", null));
          SmtpConversation c = server.authenticatedSubmission()) {
        assertThat(c.command("MAIL FROM:<" + TestServer.USER + "> RET=HDRS ENVID=report-42").code()).isEqualTo(250);
        assertThat(c.command("RCPT TO:<someone@plain.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;someone@plain.test")
            .code()).isEqualTo(250);
        assertThat(c.command("DATA").code()).isEqualTo(354);
        c.sendRaw("Subject: tell me it went\r\n\r\nx\r\n.\r\n");
        assertThat(c.read().code()).isEqualTo(250);
        await().atMost(Duration.ofSeconds(20)).until(() -> plain.output().contains("Subject: tell me it went"));
        // aiosmtpd offers no DSN: the parameters were left out there, and we report "relayed" ourselves.
        await().atMost(Duration.ofSeconds(20)).until(() -> server.delivered(TestServer.USER).size() == 1);
        assertThat(TestServer.read(server.delivered(TestServer.USER).getFirst())).contains("Action: relayed")
            .contains("Original-Envelope-Id: report-42").contains("Original-Recipient: rfc822;someone@plain.test");
      }
    }
  }

  /** A receiver scripted with aiosmtpd: 451 for slow@ on the first try, 550 for gone@, 250 otherwise. */
  private static final String SCRIPTED_RECEIVER = """
      import sys, time
      from aiosmtpd.controller import Controller
      class Handler:
          refused_once = set()
          async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
              if address.startswith('gone@'):
                  return '550 5.1.1 <%s>: no such user here' % address
              if address.startswith('slow@') and address not in Handler.refused_once:
                  Handler.refused_once.add(address)
                  return '451 4.3.0 try again later'
              envelope.rcpt_tos.append(address)
              return '250 2.1.5 OK'
          async def handle_DATA(self, server, session, envelope):
              print('DELIVERED ' + ','.join(envelope.rcpt_tos), flush=True)
              return '250 2.0.0 queued'
      controller = Controller(Handler(), hostname='127.0.0.1', port=int(sys.argv[1]))
      controller.start()
      while True:
          time.sleep(3600)
      """;

  /**
   * Retry and bounce with a real receiver's replies: one recipient accepted, one refused for good (one
   * DSN with the receiver's reply, to the sender), one refused for now and delivered on the retry.
   */
  @Test
  void a451IsRetriedAnd550BouncesOnlyThatRecipient(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PlainAiosmtpd.available(), "python3-aiosmtpd missing: .ci/run installs it");
    Path script = Files.writeString(dir.resolve("receiver.py"), SCRIPTED_RECEIVER);
    try (FakeDnsServer dns = FakeDnsServer.start(); PlainAiosmtpd receiver = new PlainAiosmtpd(script)) {
      dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
      try (TestServer server = TestServer.start(dir.resolve("s"), outboundToml(dns, receiver.port(), "may", null))) {
        try (SmtpConversation c = server.authenticatedSubmission()) {
          assertThat(c.command("MAIL FROM:<" + TestServer.USER + ">").code()).isEqualTo(250);
          for (String r : List.of("ok@remote.test", "gone@remote.test", "slow@remote.test")) {
            assertThat(c.command("RCPT TO:<" + r + ">").code()).isEqualTo(250);
          }
          assertThat(c.command("DATA").code()).isEqualTo(354);
          c.sendRaw("From: " + TestServer.USER + "\r\nSubject: three recipients\r\n\r\nhello\r\n.\r\n");
          assertThat(c.read().code()).isEqualTo(250);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.output().contains("DELIVERED ok@remote.test"));
        assertThat(receiver.output()).doesNotContain("slow@remote.test").doesNotContain("DELIVERED gone");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.delivered(TestServer.USER).size() == 1);
        String dsn = TestServer.read(server.delivered(TestServer.USER).getFirst());
        assertThat(dsn).contains("Final-Recipient: rfc822;gone@remote.test").contains("Action: failed")
            .contains("Status: 5.1.1").contains("550 5.1.1 <gone@remote.test>: no such user here")
            .doesNotContain("Final-Recipient: rfc822;slow@remote.test");

        String id = server.outbound().getFirst().getFileName().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> DeliveryState.read(server.dataDir().resolve("spool"), id)
            .isPresent());
        assertThat(server.server().outboundQueue().retry(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.output().contains("DELIVERED slow@remote.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.outbound().isEmpty());
        assertThat(receiver.output().lines().filter(l -> l.startsWith("DELIVERED ok@")).count())
            .as("the delivered recipient is not sent again").isEqualTo(1);
        assertThat(server.delivered(TestServer.USER)).as("one DSN only").hasSize(1);
      }
    }
  }

  @Test
  void aDeadHostDefersTheMessage(@TempDir Path dir) throws Exception {
    int dead;
    try (var socket = new java.net.ServerSocket(0)) {
      dead = socket.getLocalPort(); // closed again: connections are refused
    }
    try (FakeDnsServer dns = FakeDnsServer.start(); TestServer receiver = TestServer.start(dir.resolve("r"))) {
      // The MX resolves, but nothing listens on the port: connection refused, a temporary failure.
      dns.mx("example.test", 10, "localhost").a("localhost", "127.0.0.1");
      try (TestServer sender = TestServer.start(dir.resolve("s"), List.of("sender.test"),
          outboundToml(dns, dead, "verify", receiver.caFile()))) {
        submit(sender, TestServer.OTHER, "to a dead host");
        Path state = sender.dataDir().resolve("spool/outbound-state");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(state) && count(state) == 1);
        assertThat(Files.readString(onlyFile(state))).contains("TRANSIENT").contains("4.4.1").contains("cannot connect");
        assertThat(sender.outbound()).hasSize(1);
      }
    }
  }

  /** What the TLS-RPT recorder has written so far, all days. */
  private static String journal(TestServer server) throws Exception {
    Path dir = server.dataDir().resolve("tlsrpt");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        b.append(Files.readString(p));
      }
    }
    return b.toString();
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  private static Path onlyFile(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
  }
}
