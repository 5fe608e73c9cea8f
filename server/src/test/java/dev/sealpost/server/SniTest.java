package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several certificates chosen by SNI, as `openssl s_client -servername` sees them, on 465 and on 587. */
class SniTest {

  @TempDir Path dir;

  private static String fingerprintOfPem(Path pem) {
    return ExternalCommand.run(List.of("openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256"),
        "", Map.of(), 30).stdout().strip();
  }

  /** The fingerprint of the certificate served for {@code name} (null: no SNI). */
  private static String served(int port, String name, boolean starttls) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    if (name != null) {
      cmd.addAll(List.of("-servername", name));
    } else {
      cmd.add("-noservername");
    }
    if (starttls) {
      cmd.addAll(List.of("-starttls", "smtp"));
    }
    String script = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList());
    ExternalCommand.Result r = ExternalCommand.run(List.of("bash", "-c", script
        + " </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256"), "", Map.of(), 30);
    return r.stdout().strip();
  }

  @Test
  void eachNameGetsItsOwnCertificateAndOthersTheDefault() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    TestPki.Credential otherCa = TestPki.authority("Other CA");
    TestPki.PemPaths other = TestPki.server(otherCa, List.of("other.example.test",
        "*.other.example.test")).write(Files.createDirectories(dir.resolve("other")), "other");
    Files.setPosixFilePermissions(other.privateKey(), PosixFilePermissions.fromString("rw-------"));
    String toml = "[[tls.certificates]]\ncertificate = \"" + other.certificateChain() + "\"\nkey = \""
        + other.privateKey() + "\"\n";
    try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
      String defaultPrint = fingerprintOfPem(server.config().tls().certificate());
      String otherPrint = fingerprintOfPem(other.certificateChain());
      assertThat(defaultPrint).isNotEqualTo(otherPrint).contains("Fingerprint=");
      for (int port : new int[] {server.submissions().getPort(), server.submission().getPort()}) {
        boolean starttls = port == server.submission().getPort();
        assertThat(served(port, "other.example.test", starttls)).as("port " + port).isEqualTo(otherPrint);
        assertThat(served(port, "mail.other.example.test", starttls)).isEqualTo(otherPrint);
        assertThat(served(port, "localhost", starttls)).isEqualTo(defaultPrint);
        assertThat(served(port, null, starttls)).isEqualTo(defaultPrint);
      }
      // After the SNI handler put the right SslHandler in its place, SMTP goes on as usual: a client that
      // trusts only the other CA and asks for its name is greeted.
      try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) dev.sealpost.testing.Trust.only(otherCa.certificate())
          .getSocketFactory().createSocket("127.0.0.1", server.submissions().getPort())) {
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new javax.net.ssl.SNIHostName("other.example.test")));
        s.setSSLParameters(p);
        s.setSoTimeout(10_000);
        s.startHandshake();
        String greeting = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        assertThat(greeting).startsWith("220 mx.example.test ESMTP");
      }
    }
  }

  /**
   * The STARTTLS invariant with the ClientHello-reading certificate selector in the pipeline (an RSA pair
   * beside the ECDSA default): commands pipelined after STARTTLS are still discarded, not run in TLS.
   */
  @Test
  void commandsPipelinedAfterStarttlsAreDiscardedWithTheCertificateSelectorInPlace() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    TestPki.PemPaths rsa = TestPki.server(TestPki.authority("Selector CA"), List.of("localhost", "127.0.0.1"),
        dev.sealpost.tls.KeyType.RSA_2048, now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(60)))
        .write(Files.createDirectories(dir.resolve("rsa")), "rsa");
    Files.setPosixFilePermissions(rsa.privateKey(), PosixFilePermissions.fromString("rw-------"));
    String toml = "[[tls.certificates]]\ncertificate = \"" + rsa.certificateChain() + "\"\nkey = \""
        + rsa.privateKey() + "\"\n";
    try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
      for (var port : new java.net.InetSocketAddress[] {server.submission(), server.smtp()}) {
        try (dev.sealpost.testing.SmtpConversation c = dev.sealpost.testing.SmtpConversation.plain(port)) {
          c.read();
          c.command("EHLO attacker.test");
          c.sendRaw("STARTTLS\r\nMAIL FROM:<injected@attacker.test>\r\nRCPT TO:<demo@example.test>\r\n");
          assertThat(c.read().code()).isEqualTo(220);
          c.upgrade(server.ca()); // the JDK client takes ECDSA: the dev certificate
          assertThat(c.silentFor(300)).as("no replies to injected commands").isTrue();
          assertThat(c.command("MAIL FROM:<a@b.test>").toString()).startsWith("503 5.5.1");
          assertThat(c.command("EHLO attacker.test").code()).isEqualTo(250);
          assertThat(c.command("RCPT TO:<demo@example.test>").toString()).startsWith("503 5.5.1");
        }
      }
    }
  }
}
